package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A person in headless Chromium (Debian's chromium and chromedriver): sign up, sign in, make a pad and a note. */
class BrowserTest extends AcceptanceTest {

    WebDriver driver;

    @BeforeEach
    void startChromium() {
        driver = Chromium.start();
    }

    @AfterEach
    void stopChromium() {
        if (driver != null) {
            driver.quit();
        }
    }

    private void open(String path) {
        driver.get("http://localhost:" + port + path);
    }

    /** Waits for the next page: its heading, once it reads {@code text} (fails after 10 s). */
    private void expectHeading(String text) {
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "heading '" + text + "' on " + driver.getCurrentUrl())
                .until(d -> d.findElement(By.tagName("h1")).getText().equals(text));
    }

    private void type(String field, String value) {
        driver.findElement(By.name(field)).clear();
        driver.findElement(By.name(field)).sendKeys(value);
    }

    @Test
    void signUpCreateAPadAndANoteThenFindTheNoteInTheList() throws Exception {
        String email = newEmail();
        open("/signup");
        type("email", email);
        type("password", PASSWORD);
        type("repeatPassword", PASSWORD);
        driver.findElement(By.cssSelector("main button[type=submit]")).click();
        assertThat(driver.findElement(By.cssSelector(".message.success")).getText()).contains("Account is created");

        type("email", email);
        type("password", PASSWORD);
        driver.findElement(By.cssSelector("main button[type=submit]")).click();
        expectHeading("All notes (0)");

        driver.findElement(By.linkText("New pad")).click();
        expectHeading("New pad");
        type("name", "Travel");
        driver.findElement(By.cssSelector("main button[type=submit]")).click();
        expectHeading("Travel (0)");
        assertThat(driver.findElement(By.cssSelector(".sidebar .pads")).getText()).contains("Travel");

        driver.findElement(By.linkText("New note")).click();
        expectHeading("New note");
        type("name", "Packing list");
        type("text", "Passport\nCharger");
        assertThat(new Select(driver.findElement(By.name("pad"))).getFirstSelectedOption().getText()).isEqualTo("Travel");
        driver.findElement(By.cssSelector("main button[type=submit]")).click();
        expectHeading("Packing list");

        driver.findElement(By.cssSelector("a.brand")).click();
        expectHeading("All notes (1)");
        assertThat(driver.findElement(By.cssSelector("table.notes tbody")).getText()).contains("Packing list").contains("Travel");

        // The stylesheet loaded (content-hashed URL, served by the app): the layout is a grid, not raw HTML.
        assertThat(driver.findElement(By.cssSelector(".wrap")).getCssValue("display")).isEqualTo("grid");
        Path screenshot = Path.of("target", "browser-test.png");
        Files.write(screenshot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
