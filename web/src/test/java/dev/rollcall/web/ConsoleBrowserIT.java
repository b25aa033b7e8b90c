package dev.rollcall.web;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.csv.CsvTemplates;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.WelcomeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real browser: Debian's Chromium, headless, driven by Selenium through
 * Debian's chromedriver (never a downloaded one). One browser for the class. Without
 * Chromium the tests fail when the environment variable CI is set, and are skipped (saying
 * so) otherwise. Screenshots go to the folder of the system property rollcall.screenshots
 * (docs/console refreshes the documentation's).
 */
class ConsoleBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    static ChromeDriver browser;
    static Path downloads;
    static Path screenshots;

    @BeforeAll
    static void openBrowser(@TempDir Path temp) throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String why = "Chromium or chromedriver is not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install chromium chromium-driver";
            if (System.getenv("CI") != null) {
                Assertions.fail(why + " (CI is set, so this fails rather than skips)");
            }
            System.err.println("ConsoleBrowserIT skipped: " + why);
            Assumptions.abort("skipped: " + why);
        }
        downloads = Files.createDirectories(temp.resolve("downloads"));
        screenshots = Files.createDirectories(Path.of(System.getProperty("rollcall.screenshots", "target/screenshots")));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--lang=en");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(120));
    }

    static void screenshot(String name) throws Exception {
        Files.write(screenshots.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    static WebElement row(String line) {
        return browser.findElement(By.cssSelector("tr[data-line='" + line + "']"));
    }

    static void upload(ConsoleServer server, Path file, String mode) {
        browser.get(server.root.toString());
        browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("mode"))).selectByValue(mode);
        browser.findElement(By.id("plan")).click();
        // the upload page's own submit button is id="plan" too: wait for the review's table
        waiting().until(ExpectedConditions.or(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table#plan")),
                ExpectedConditions.presenceOfElementLocated(By.id("refused"))));
    }

    @Test
    void uploadWithErrors_untickARow_welcomeOne_apply_results_andTheErrorFile(@TempDir Path dir) throws Exception {
        InMemoryUserRepository store = ConsoleServletTest.seeded();
        List<WelcomeMessage> welcomed = new CopyOnWriteArrayList<>();
        Notifier notifier = new Notifier() {
            @Override
            public void welcome(WelcomeMessage message) {
                welcomed.add(message);
            }
        };
        try (ConsoleServer server = new ConsoleServer(RollcallConsole.builder().repository(store)
                .authorizer(Authorizer.ANYONE).planner(b -> b.notifier(notifier))
                .template(new ConsoleTemplate("users.csv", "text/csv", (s, w) -> CsvTemplates.template(s, true, w)))
                .build(), null)) {
            browser.get(server.root.toString());
            screenshot("upload");
            Path file = Files.writeString(dir.resolve("users.csv"), ConsoleServletTest.UPLOAD);
            upload(server, file, "add-update");
            assertEquals("2", browser.findElement(By.cssSelector("#count-created dd")).getText());
            WebElement rejected = row("5");
            assertTrue(rejected.getAttribute("class").contains("action-error"));
            assertTrue(rejected.getText().contains("MISSING_REQUIRED"), rejected.getText());
            assertTrue(rejected.getText().contains("<script>alert(1)</script>") || !rejected.getText().contains("alert"),
                    "shown as text, not run");
            assertTrue(row("2").getText().contains("department: Finance → Legal"), row("2").getText());
            assertFalse(browser.getPageSource().contains("S3cret-Passw0rd!x"));

            WebElement cdoe = row("6").findElement(By.name("include"));
            assertTrue(cdoe.isSelected());
            cdoe.click();
            row("4").findElement(By.name("welcome")).click();
            screenshot("review");
            browser.findElement(By.id("apply")).click();
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("outcome")));
            screenshot("results");
            assertEquals("1", browser.findElement(By.cssSelector("#count-created dd")).getText());
            assertEquals("1", browser.findElement(By.cssSelector("#count-updated dd")).getText());
            assertEquals("1", browser.findElement(By.cssSelector("#count-skipped dd")).getText());
            assertEquals("1", browser.findElement(By.cssSelector("#count-errors dd")).getText());
            assertTrue(row("5").getAttribute("class").contains("failure"));
            assertEquals(1, store.findBy("username", List.of("bwong")).size());
            assertTrue(store.findBy("username", List.of("cdoe")).isEmpty());
            assertEquals(1, welcomed.size());

            browser.findElement(By.id("download-errors")).click();
            Path errors = downloads.resolve("errors-users.csv");
            waiting().until(d -> Files.exists(errors) && !Files.exists(downloads.resolve("errors-users.csv.crdownload")));
            String content = Files.readString(errors);
            assertTrue(content.startsWith("username,email,firstName,lastName,department,password,errors"), content);
            assertTrue(content.contains("zz,"), content);
            assertEquals(2, content.strip().split("\r?\n").length, content);
        }
    }

    @Test
    void aPlanOf100000Rows_opensAtOnce_andPagesOnTheServer(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder(8_000_000).append("username,email,firstName,lastName\n");
        for (int i = 1; i <= 100_000; i++) {
            csv.append("user").append(i).append(",user").append(i).append("@example.com,User,").append(i).append('\n');
        }
        Path file = Files.writeString(dir.resolve("big.csv"), csv);
        try (ConsoleServer server = new ConsoleServer(RollcallConsole.builder().repository(new InMemoryUserRepository())
                .authorizer(Authorizer.ANYONE).build(), null)) {
            upload(server, file, "add-update");
            assertEquals("100000", browser.findElement(By.cssSelector("#count-created dd")).getText());
            assertEquals("Page 1 of 1,000", browser.findElement(By.id("page-of")).getText());
            assertEquals(100, browser.findElements(By.cssSelector("#plan tbody tr")).size());
            browser.findElement(By.id("page-next")).click();
            waiting().until(ExpectedConditions.textToBe(By.id("page-of"), "Page 2 of 1,000"));
            assertTrue(row("102").getText().contains("user101"));
            screenshot("paging");
            browser.findElement(By.id("filter-user")).sendKeys("user99999");
            browser.findElement(By.id("filter")).click();
            waiting().until(ExpectedConditions.textToBe(By.id("page-of"), "Page 1 of 1"));
            assertEquals(1, browser.findElements(By.cssSelector("#plan tbody tr")).size());
            assertTrue(browser.getPageSource().length() < 200_000, "a page, not the plan");
        }
    }

    @Test
    void addAJobOnTheForm_seeItListed_disableIt_andSeeItsState() throws Exception {
        dev.rollcall.jobs.InMemoryJobStore jobs = new dev.rollcall.jobs.InMemoryJobStore();
        try (ConsoleServer server = new ConsoleServer(RollcallConsole.builder().repository(new InMemoryUserRepository())
                .authorizer(Authorizer.ANYONE).jobs(new JobsConsole(jobs, JobsPagesTest.READER, Map.of("base", "/srv/feeds")))
                .build(), null)) {
            browser.get(server.root + "jobs");
            browser.findElement(By.id("add-job")).click();
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("job-form")));
            browser.findElement(By.id("name")).sendKeys("hr-weekly");
            browser.findElement(By.id("description")).sendKeys("HR feed, Mondays and Thursdays");
            browser.findElement(By.id("email")).sendKeys("hr-admin@example.com");
            browser.findElement(By.id("path")).sendKeys("hr");
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("schedule"))).selectByValue("weekly");
            // date and time inputs take what the browser's locale shows: set their values as submitted
            browser.executeScript("document.getElementById('start').value = '2026-12-07';"
                    + "document.getElementById('time').value = '02:30'");
            browser.findElement(By.cssSelector("input[name=days][value=MON]")).click();
            browser.findElement(By.cssSelector("input[name=days][value=THU]")).click();
            browser.findElement(By.id("ends-count")).click();
            browser.findElement(By.id("occurrences")).sendKeys("10");
            browser.executeScript("window.scrollTo(0, 0)");
            screenshot("job-form");
            browser.findElement(By.id("save-job")).click();

            WebElement row = waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("job-hr-weekly")));
            assertEquals("active", row.findElement(By.cssSelector("td.state-active")).getText());
            assertTrue(row.getText().contains("user profiles"), row.getText());
            assertEquals("MON,THU", jobs.find("hr-weekly").orElseThrow().definition().settings().get("days"));
            screenshot("jobs");
            browser.findElement(By.id("disable-hr-weekly")).click();
            waiting().until(ExpectedConditions.textToBe(By.cssSelector("#job-hr-weekly td.state-disabled"), "disabled"));
            assertEquals(dev.rollcall.jobs.JobState.DISABLED, jobs.find("hr-weekly").orElseThrow().state());
            assertEquals(1, browser.findElements(By.id("enable-hr-weekly")).size());
        }
    }

    @Test
    void withoutTheToken_orWithAForgedForm_nothingHappens() throws Exception {
        String token = TokenFilter.newToken();
        InMemoryUserRepository store = ConsoleServletTest.seeded();
        try (ConsoleServer server = new ConsoleServer(RollcallConsole.builder().repository(store).build(),
                new TokenFilter(token))) {
            browser.manage().deleteAllCookies();
            browser.get(server.root.toString());
            assertTrue(browser.getPageSource().contains("Open the console with the address"), browser.getPageSource());
            browser.get(server.root + "?token=wrong-token-0123456789");
            assertTrue(browser.getPageSource().contains("not this console"));
            browser.get(server.root + "?token=" + token);
            assertEquals(server.root.toString(), browser.getCurrentUrl(), "the token leaves the address bar");
            assertEquals(1, browser.findElements(By.id("file")).size());

            Path file = Files.writeString(Files.createTempFile("users", ".csv"), ConsoleServletTest.UPLOAD);
            browser.findElement(By.id("file")).sendKeys(file.toString());
            browser.executeScript("document.querySelector('input[name=csrf]').value = 'forged'");
            browser.findElement(By.id("plan")).click();
            waiting().until(ExpectedConditions.titleContains("Form expired"));
            assertEquals(2, store.list(dev.rollcall.spi.UserQuery.ALL).count());
            Files.delete(file);
        } finally {
            browser.manage().deleteAllCookies();
        }
    }

}
