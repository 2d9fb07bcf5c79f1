package io.ardm.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser (Debian's headless Chromium through chromedriver): generate at budget 10 and see 10 step
 * events and a result of length D, fill in a blank, score, upload a file, download its .ardm, decompress that and get
 * the same bytes, draw the policy. A screenshot of every screen lands in target/screenshots. Skipped, saying so, where
 * /usr/bin/chromium or /usr/bin/chromedriver is missing (.ci/run installs both).
 */
class BrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    @TempDir static Path downloads;
    static ArdmServer server;
    static WebDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void open() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present) System.err.println("BrowserTest skipped: no " + CHROMIUM + " or " + DRIVER + " (apt-get install chromium chromium-driver)");
        Assumptions.assumeTrue(present, "needs Debian's chromium and chromium-driver");
        server = ArdmServer.start(ArdmServer.Options.loopback(0, List.of("text8-oa", "bytes-ltr", "image-oa")), new PrintStream(System.err, true, StandardCharsets.UTF_8));
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1200,900",
                "--user-data-dir=" + Files.createTempDirectory(downloads, "profile"));
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(120));
        Files.createDirectories(SCREENSHOTS);
        browser.get("http://127.0.0.1:" + server.port() + "/");
        wait.until(d -> new Select(d.findElement(By.id("model"))).getOptions().size() == 3);
    }

    @AfterAll
    static void close() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    @Test
    void everyScreenWorksInChromium() throws Exception {
        // Generate: 10 calls, each an event, then the whole sample.
        setSlider("gen-budget", 10);
        browser.findElement(By.id("gen-run")).click();
        WebElement gen = browser.findElement(By.id("gen-view"));
        wait.until(d -> "true".equals(gen.getDomAttribute("data-done")));
        assertEquals("10", gen.getDomAttribute("data-steps"));
        assertEquals(250, ((String) js("return document.getElementById('gen-view').dataset.result")).length());
        assertTrue(browser.findElement(By.id("gen-status")).getText().startsWith("done in 10 network calls"));
        screenshot("generate");

        // Infill the sentence.
        tab("infill");
        browser.findElement(By.id("inf-run")).click();
        WebElement inf = browser.findElement(By.id("inf-view"));
        wait.until(d -> "true".equals(inf.getDomAttribute("data-done")));
        String filled = (String) js("return document.getElementById('inf-view').dataset.result");
        String typed = browser.findElement(By.id("inf-text")).getDomProperty("value");
        assertFalse(filled.contains("_"), filled);
        assertEquals(typed.length(), filled.length(), filled);
        for (int j = 0; j < typed.length(); j++) if (typed.charAt(j) != '_') assertEquals(typed.charAt(j), filled.charAt(j), "kept at " + j);
        screenshot("infill");

        // Score the default text: a heat map of one span per character.
        tab("score");
        browser.findElement(By.id("score-run")).click();
        wait.until(d -> "true".equals(d.findElement(By.id("score-view")).getDomAttribute("data-done")));
        assertTrue(browser.findElement(By.id("score-status")).getText().contains("exact NLL"));
        assertEquals(53, browser.findElements(By.cssSelector("#score-view span")).size());
        screenshot("score");

        // Compress a file with the byte model, download the .ardm, decompress it, download the original.
        new Select(browser.findElement(By.id("model"))).selectByValue("bytes-ltr");
        tab("compress");
        byte[] original = ("It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want "
                + "of a wife. However little known the feelings or views of such a man may be on his first entering a neighbourhood, "
                + "this truth is so well fixed in the minds of the surrounding families, that he is considered the rightful property "
                + "of some one or other of their daughters. \"My dear Mr. Bennet,\" said his lady to him one day, \"have you heard "
                + "that Netherfield Park is let at last?\" Mr. Bennet replied that he had not. \"But it is,\" returned she; \"for "
                + "Mrs. Long has just been here, and she told me all about it.\" Mr. Bennet made no answer.\n").getBytes(StandardCharsets.UTF_8);
        Path input = Files.write(Files.createDirectories(downloads.resolve("in")).resolve("notes.txt"), original);
        browser.findElement(By.id("comp-file")).sendKeys(input.toString());
        WebElement link = browser.findElement(By.id("comp-download"));
        wait.until(d -> link.isDisplayed());
        assertTrue(browser.findElement(By.id("comp-roundtrip")).getText().contains("same bytes"));
        link.click();
        Path packed = downloaded("notes.txt.ardm");
        browser.findElement(By.id("decomp-file")).sendKeys(packed.toString());
        WebElement back = browser.findElement(By.id("decomp-download"));
        wait.until(d -> back.isDisplayed());
        screenshot("compress");
        Files.delete(input);
        back.click();
        assertArrayEquals(original, Files.readAllBytes(downloaded("notes.txt")));

        // The policy plot: one band per call.
        new Select(browser.findElement(By.id("model"))).selectByValue("text8-oa");
        tab("policy");
        wait.until(d -> "20".equals(d.findElement(By.id("pol-plot")).getDomAttribute("data-calls")));
        screenshot("policy");

        // An image: generate one in 5 calls, paint a stroke over it, inpaint the stroke in 5 calls.
        new Select(browser.findElement(By.id("model"))).selectByValue("image-oa");
        tab("generate");
        setSlider("gen-budget", 5);
        browser.findElement(By.id("gen-run")).click();
        wait.until(d -> "true".equals(gen.getDomAttribute("data-done")) && "5".equals(gen.getDomAttribute("data-steps")));
        screenshot("generate-image");
        tab("infill");
        WebElement canvas = browser.findElement(By.id("inf-canvas"));
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(canvas, -60, -40).clickAndHold().moveByOffset(120, 60).release().perform();
        setSlider("inf-budget", 5);
        browser.findElement(By.id("inf-run")).click();
        waitOrSay(d -> "true".equals(inf.getDomAttribute("data-done")), "inf-status");
        assertEquals("5", inf.getDomAttribute("data-steps"), "the 5 calls go to the painted pixels");
        screenshot("infill-image");
    }

    /** Waits for {@code condition}; on a timeout, fails with what the screen's status line says. */
    private static void waitOrSay(java.util.function.Function<WebDriver, Boolean> condition, String statusId) {
        try {
            wait.until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("timed out; the page says: " + browser.findElement(By.id(statusId)).getText(), e);
        }
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static void setSlider(String id, int value) {
        js("const s = document.getElementById(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('input'));", id, value);
    }

    private static void tab(String screen) {
        browser.findElement(By.cssSelector("nav button[data-screen='" + screen + "']")).click();
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve("serve-" + name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Waits for Chromium to finish a download into the download folder. */
    private static Path downloaded(String name) throws Exception {
        Path file = downloads.resolve(name);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!(Files.exists(file) && !Files.exists(downloads.resolve(name + ".crdownload"))) && System.nanoTime() < deadline) Thread.sleep(100);
        assertTrue(Files.exists(file), "downloaded " + name);
        return file;
    }
}
