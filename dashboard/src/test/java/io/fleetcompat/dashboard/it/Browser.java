package io.fleetcompat.dashboard.it;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's headless Chromium driven by Playwright (never a downloaded browser), signed in through the
 * dashboard's login form. Screenshots go to target/screenshots, kept as test artifacts.
 */
public final class Browser implements AutoCloseable {

    static final double WAIT_MS = 30_000;

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser chromium;
    private final Path screenshots;

    public Browser() {
        playwright = Playwright.create();
        chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(System.getProperty("it.chromium.path", "/usr/bin/chromium")))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
        screenshots = Path.of(System.getProperty("it.screenshots.dir", "target/screenshots"));
    }

    /** A fresh browser context (own cookies) signed in as the user; the page is on the overview. */
    public Page signIn(String baseUrl, String user, String password) {
        BrowserContext context = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setBaseURL(baseUrl).setViewportSize(1400, 1000));
        context.setDefaultTimeout(WAIT_MS);
        Page page = context.newPage();
        page.navigate("/login.html");
        page.fill("#username", user);
        page.fill("#password", password);
        page.click("#sign-in");
        page.waitForURL("**/index.html");
        return page;
    }

    /** Opens a page of the dashboard and waits until it has rendered its first data. */
    public static void open(Page page, String path) {
        page.navigate(path);
        page.waitForSelector("body[data-loaded=true]");
    }

    public void screenshot(Page page, String name) {
        try {
            Files.createDirectories(screenshots);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create " + screenshots, e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve(name + ".png")).setFullPage(true));
    }

    @Override
    public void close() {
        chromium.close();
        playwright.close();
    }
}
