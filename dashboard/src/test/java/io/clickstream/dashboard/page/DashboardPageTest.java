package io.clickstream.dashboard.page;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import io.clickstream.contract.EventType;
import io.clickstream.dashboard.sse.EventHub;
import io.clickstream.dashboard.sse.StatsHub;
import io.clickstream.dashboard.support.DashboardTestBase;
import io.clickstream.dashboard.support.Events;
import io.clickstream.kafka.local.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The page in a real (headless) Chromium: live rows, rising counters, a filter, a server-side reconnect. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DashboardPageTest extends DashboardTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventType[] TYPES = { EventType.PAGE_VIEW, EventType.SEARCH, EventType.AD_CLICK };

    @Inject
    EventHub eventHub;

    @Inject
    StatsHub statsHub;

    private WebDriver driver;
    private ScheduledExecutorService traffic;
    private final AtomicLong sent = new AtomicLong();
    private long consumedBefore;
    private final String storeA = unique("page-a");
    private final String storeB = unique("page-b");

    @BeforeEach
    void startBrowserAndTraffic() {
        Assumptions.assumeTrue(Browser.available(),
                "skipped: the browser test needs Debian's chromium and chromium-driver (" + Browser.CHROMIUM + ", "
                        + Browser.CHROMEDRIVER + "); .ci/run installs them");
        consumedBefore = totalEvents();
        traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(() -> {
            long n = sent.incrementAndGet();
            producer.sendAsync(Events.event(n % 2 == 0 ? storeA : storeB, "s-" + n, TYPES[(int) (n % 3)], null,
                    n % 4 == 0 ? "spring-sale" : null, n % 3 == 2 ? "ad-" + n % 5 : null));
        }, 0, 50, TimeUnit.MILLISECONDS);
        driver = Browser.start(1400, 1800);
    }

    @AfterEach
    void stopBrowserAndTraffic() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (traffic != null) {
            traffic.shutdownNow();
            traffic.awaitTermination(5, TimeUnit.SECONDS);
            // leave no events in flight for the tests that follow
            await().atMost(WAIT).until(() -> totalEvents() >= consumedBefore + sent.get());
        }
    }

    @Test
    void showsLiveEventsFiltersAndSurvivesAServerSideReconnect() throws Exception {
        driver.get(root.toString());
        await().atMost(WAIT).until(() -> "connected".equals(status()));

        // live rows appear and the counters rise
        await().atMost(WAIT).until(() -> rows().size() >= 5);
        long total = await().atMost(WAIT).until(this::shownTotal, n -> n > 0);
        await().atMost(WAIT).until(() -> shownTotal() > total);
        await().atMost(WAIT).until(() -> !driver.findElements(By.cssSelector("#funnel tbody tr")).isEmpty());

        // filter by store: only that store's events are listed
        driver.findElement(By.id("filter-store")).sendKeys(storeA);
        driver.findElement(By.id("apply-filters")).click();
        await().atMost(WAIT).until(() -> rows().size() >= 5 && stores().stream().allMatch(storeA::equals));

        // the server ends every stream: the page shows it, reconnects, and goes on without gap or duplicate
        int before = rows().size();
        eventHub.disconnectAll();
        statsHub.disconnectAll();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> "reconnecting".equals(status()));
        await().atMost(WAIT).until(() -> "connected".equals(status()));
        await().atMost(WAIT).until(() -> rows().size() >= before + 10);
        assertThat(stores()).containsOnly(storeA);
        List<String> sessions = column("r.cells[3].textContent");
        assertThat(new HashSet<>(sessions)).as("no event listed twice").hasSize(sessions.size());

        Path shot = Browser.screenshot(driver, Path.of("target", "screenshots", "dashboard-page.png"));
        assertThat(shot).exists();
    }

    private String status() {
        return driver.findElement(By.id("status")).getAttribute("data-state");
    }

    private List<WebElement> rows() {
        return driver.findElements(By.cssSelector("#events-table tbody tr"));
    }

    /** Read in one script: the table changes under the driver between separate element calls. */
    @SuppressWarnings("unchecked")
    private List<String> column(String js) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('#events-table tbody tr')].map(r => " + js + ");");
    }

    private List<String> stores() {
        return column("r.dataset.store");
    }

    private long shownTotal() {
        return Long.parseLong(driver.findElement(By.id("total-events")).getText().replace(",", ""));
    }

    private static long totalEvents() {
        return given().get("/api/stats").then().statusCode(200).extract().jsonPath().getLong("total_events");
    }
}
