package org.dmask.route;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Raw-socket clients of the attack tests: each from a loopback address of its own choosing (all of 127.0.0.0/8 is
 * local on Linux), so that attackers and the legitimate client are different sources as on a real network.
 */
final class AttackClients {

    static final long ONE_GIB = 1L << 30;

    private AttackClients() {
    }

    /** A socket from {@code source} to 127.0.0.1:{@code port}. */
    static Socket connect(String source, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(source, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return s;
    }

    /**
     * Starts a STOW-RS upload that declares {@code declared} body bytes and sends the headers and {@code send} bytes
     * of its first part (random, from {@code rnd}).
     */
    static Socket startUpload(String source, int port, long declared, int send, Random rnd, String authorization)
            throws IOException {
        Socket s = connect(source, port);
        OutputStream o = s.getOutputStream();
        o.write(("POST /dicomweb/studies HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: multipart/related; type=\"application/dicom\"; boundary=attack\r\n"
                + (authorization != null ? "Authorization: " + authorization + "\r\n" : "")
                + "Content-Length: " + declared + "\r\n\r\n"
                + "--attack\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] junk = new byte[send];
        rnd.nextBytes(junk);
        o.write(junk);
        o.flush();
        return s;
    }

    /** The server's answer on a socket: its status (-1: closed without one) and its headers, lower case. */
    record Answer(int status, String head, long closedAfterMs) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    /**
     * Reads until the server closes the socket or {@code timeoutMs} pass (then closedAfterMs is -1), and returns
     * what it answered; closedAfterMs counts from {@code sinceNanos}.
     */
    static Answer awaitClose(Socket s, long sinceNanos, long timeoutMs) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        long closedAfter = -1;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            s.setSoTimeout((int) left);
            try {
                int n = in.read(buf);
                if (n < 0) {
                    closedAfter = (System.nanoTime() - sinceNanos) / 1_000_000;
                    break;
                }
                got.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                break;
            } catch (SocketException e) { // reset by the server
                closedAfter = (System.nanoTime() - sinceNanos) / 1_000_000;
                break;
            }
        }
        String text = got.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        int status = head.startsWith("HTTP/1.1 ") && head.length() >= 12 ? Integer.parseInt(head.substring(9, 12))
                : -1;
        return new Answer(status, head, closedAfter);
    }

    static List<Path> partFiles(Path spool) throws IOException {
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(spool)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".part")).toList();
        }
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closed
        }
    }
}
