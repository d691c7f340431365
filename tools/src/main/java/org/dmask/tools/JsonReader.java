package org.dmask.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal JSON reader for the standard's JSON files: objects as maps, arrays as lists, strings, numbers. */
final class JsonReader {

    private JsonReader() {
    }


    static Object read(Path file) throws IOException {
        Json j = new Json(Files.readString(file, StandardCharsets.UTF_8));
        Object v = j.value();
        j.ws();
        if (j.pos != j.s.length()) {
            throw j.error("trailing data");
        }
        return v;
    }

    /** Recursive-descent JSON parser: objects -> LinkedHashMap, arrays -> ArrayList, strings, numbers as String. */
    private static final class Json {
        final String s;
        int pos;

        Json(String s) {
            this.s = s;
        }

        void ws() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String msg) {
            return new IllegalArgumentException(msg + " at offset " + pos);
        }

        void expect(char c) {
            ws();
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        Object value() {
            ws();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                pos++;
                ws();
                if (s.charAt(pos) == '}') {
                    pos++;
                    return m;
                }
                do {
                    ws();
                    String k = string();
                    expect(':');
                    m.put(k, value());
                    ws();
                } while (s.charAt(pos++) == ',');
                if (s.charAt(pos - 1) != '}') {
                    throw error("expected '}'");
                }
                return m;
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                pos++;
                ws();
                if (s.charAt(pos) == ']') {
                    pos++;
                    return l;
                }
                do {
                    l.add(value());
                    ws();
                } while (s.charAt(pos++) == ',');
                if (s.charAt(pos - 1) != ']') {
                    throw error("expected ']'");
                }
                return l;
            }
            if (c == '"') {
                return string();
            }
            for (String lit : new String[] {"true", "false", "null"}) {
                if (s.startsWith(lit, pos)) {
                    pos += lit.length();
                    return lit.equals("null") ? null : Boolean.valueOf(lit);
                }
            }
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            if (start == pos) {
                throw error("unexpected character '" + c + "'");
            }
            return s.substring(start, pos);
        }

        String string() {
            if (s.charAt(pos) != '"') {
                throw error("expected string");
            }
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u':
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                        break;
                    default: sb.append(e);   // \" \\ \/
                }
            }
        }
    }
}
