package org.dmask.eval.report;

/** Minimal HTML building for the report (no external assets). */
final class Html {

    private final StringBuilder b = new StringBuilder();

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }

    void head(String title) {
        b.append("<!DOCTYPE html><html><head><meta charset='utf-8'><title>").append(esc(title)).append("</title>")
                .append("<style>body{font-family:sans-serif;max-width:1000px;margin:1em auto}table{border-collapse:"
                        + "collapse;margin:.5em 0}td,th{border:1px solid #aaa;padding:2px 6px;font-size:13px}"
                        + ".frames{display:flex;gap:8px;align-items:flex-end}figure{margin:0}</style></head><body><h1>")
                .append(esc(title)).append("</h1>");
    }

    void h2(String s) {
        b.append("<h2>").append(esc(s)).append("</h2>");
    }

    void p(String s) {
        b.append("<p>").append(esc(s)).append("</p>");
    }

    void img(String file) {
        b.append("<p><img src='").append(esc(file)).append("'></p>");
    }

    void raw(String s) {
        b.append(s);
    }

    void tableStart(String... headers) {
        b.append("<table><tr>");
        for (String h : headers) {
            b.append("<th>").append(esc(h)).append("</th>");
        }
        b.append("</tr>");
    }

    void row(String... cells) {
        b.append("<tr>");
        for (String c : cells) {
            b.append("<td>").append(esc(c)).append("</td>");
        }
        b.append("</tr>");
    }

    void tableEnd() {
        b.append("</table>");
    }

    void end() {
        b.append("</body></html>");
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
