package dev.berth.functions.wake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartingPageTest {

    @Test
    void jsonOnlyWhenTheAcceptHeaderRanksItAboveHtml() {
        assertThat(StartingPage.prefersJson("application/json")).isTrue();
        assertThat(StartingPage.prefersJson("application/json, text/plain, */*")).as("axios").isTrue();
        assertThat(StartingPage.prefersJson("text/html;q=0.5, application/json")).isTrue();
        assertThat(StartingPage.prefersJson("application/*")).isTrue();

        assertThat(StartingPage.prefersJson(null)).isFalse();
        assertThat(StartingPage.prefersJson("")).isFalse();
        assertThat(StartingPage.prefersJson("*/*")).as("curl").isFalse();
        assertThat(StartingPage.prefersJson("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).as("a browser").isFalse();
        assertThat(StartingPage.prefersJson("text/html, application/json")).as("a tie named on both sides").isFalse();
        assertThat(StartingPage.prefersJson("application/json;q=0, */*")).isFalse();
        assertThat(StartingPage.prefersJson("application/json;q=0.4, text/*;q=0.5")).isFalse();
        assertThat(StartingPage.prefersJson("application/json;q=oops")).isFalse();
    }
}
