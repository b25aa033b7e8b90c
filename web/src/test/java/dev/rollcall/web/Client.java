package dev.rollcall.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An HTTP client with cookies that remembers the CSRF token of the last page it read. */
final class Client {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    final HttpClient http;
    final URI root;
    String csrf;

    Client(URI root) {
        this.root = root;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return remember(http.send(HttpRequest.newBuilder(resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** @param fields name, value, name, value … */
    HttpResponse<String> post(String path, String... fields) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return remember(http.send(HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** A multipart upload of one file with the fields given (the CSRF token is not added). */
    HttpResponse<String> upload(String fileName, byte[] content, String... fields) throws IOException, InterruptedException {
        String boundary = "----rollcall" + UUID.randomUUID();
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < fields.length; i += 2) {
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
                    + fields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        parts.add(content);
        parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return remember(http.send(HttpRequest.newBuilder(root)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(parts)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    URI resolve(String path) {
        return path.startsWith("http") ? URI.create(path) : root.resolve(path);
    }

    private HttpResponse<String> remember(HttpResponse<String> r) {
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return r;
    }

    /** @return the Location header of a redirect */
    static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no redirect: " + r.statusCode()));
    }
}
