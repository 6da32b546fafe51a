package io.clickstream.dashboard.page;

import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Takes the README's screenshot of a running dashboard: {@code PageScreenshot <url> <png> [min chart points]}.
 * Waits until the page is connected and the rate chart has that many non-zero points.
 */
public final class PageScreenshot {

    private PageScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://localhost:8080/";
        Path out = Path.of(args.length > 1 ? args[1] : "dashboard/docs/dashboard.png");
        long points = args.length > 2 ? Long.parseLong(args[2]) : 30;
        WebDriver driver = Browser.start(1400, 1800);
        try {
            driver.get(url);
            new WebDriverWait(driver, Duration.ofMinutes(3), Duration.ofMillis(500)).until(d -> {
                Object n = ((JavascriptExecutor) d).executeScript(
                        "const c = Chart.getChart('rate-chart');"
                                + "return document.getElementById('status').dataset.state === 'connected' && c"
                                + " ? c.data.datasets[0].data.filter(x => x > 0).length : 0;");
                return ((Number) n).longValue() >= points;
            });
            System.out.println("saved " + Browser.screenshot(driver, out).toAbsolutePath());
        } finally {
            driver.quit();
        }
    }
}
