package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code ardm serve} prints its URL, serves the page and the API there, and stops on SIGTERM; a bad model is one line. */
class ServeCommandTest {
    @Test
    void servesThePageAndTheApiAtThePrintedUrl() throws Exception {
        Process p = ChildCli.builder(List.of(), "serve", "--port", "0", "-m", "bytes-ltr")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            Matcher url = Pattern.compile("ardm serve: (http://127\\.0\\.0\\.1:\\d+/) \\(Ctrl-C stops\\)").matcher(line == null ? "" : line);
            assertTrue(url.matches(), line);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url.group(1))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<title>ardm"), page.body());
            String models = http.send(HttpRequest.newBuilder(URI.create(url.group(1) + "api/models")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(models.startsWith("[{\"name\":\"bytes-ltr\""), models);
        } finally {
            p.destroy(); // SIGTERM: the shutdown hook stops the server
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(143, p.exitValue(), "ended by SIGTERM");
    }

    @Test
    void anUnknownModelIsOneLine() {
        CliCommandsTest.Output o = CliCommandsTest.run("serve", "--port", "0", "-m", "no-such-model");
        assertEquals(1, o.exit());
        assertTrue(o.err().startsWith("ardm serve: ") && o.err().strip().lines().count() == 1, o.err());
    }
}
