package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * A create form posted twice (a retry after a lost answer, a double click) saves once: both posts land on the
 * same note or pad.
 */
class ResubmissionAcceptanceTest extends AcceptanceTest {

    /** Opens the form once and posts the very same fields twice; the pages the two posts end on. */
    static Browser.Page[] postTwice(Browser browser, String page, String formSelector, Map<String, String> values) {
        Element form = browser.open(page).document().selectFirst(formSelector);
        assertThat(form).isNotNull();
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(input -> fields.put(input.attr("name"), input.val()));
        assertThat(fields).containsKey("formToken");
        fields.putAll(values);
        return new Browser.Page[] {browser.follow(browser.post(form.attr("action"), fields)),
                browser.follow(browser.post(form.attr("action"), fields))};
    }

    @Test
    void aNoteFormPostedTwiceSavesOneNote() {
        Browser browser = signedIn();
        Browser.Page[] pages = postTwice(browser, "/notes/create", "form[action=/notes/create]",
                Map.of("name", "Only once", "text", "posted twice", "pad", ""));
        assertThat(pages[0].uri()).isEqualTo(pages[1].uri());
        assertThat(pages[1].status()).isEqualTo(200);
        assertThat(browser.open("/").text()).contains("All notes (1)");
    }

    @Test
    void aPadFormPostedTwiceSavesOnePad() {
        Browser browser = signedIn();
        Browser.Page[] pages = postTwice(browser, "/pads/create", "form[action=/pads/create]", Map.of("name", "Once"));
        assertThat(pages[0].uri()).isEqualTo(pages[1].uri());
        assertThat(browser.open("/").document().select("ul.pads a").eachText()).containsOnlyOnce("Once");
    }

    /**
     * Two tabs of one user posting at the same time: each post saves its note and is answered with a redirect. Both
     * requests write the session's flash message, which Spring Session's plain INSERT made a duplicate-key 500
     * for one of them after its note was saved.
     */
    @Test
    void notesPostedAtOnceFromOneSessionAreAllSavedAndAnswered() throws Exception {
        Browser browser = signedIn();
        int posts = 16;
        List<Map<String, String>> forms = new ArrayList<>();
        for (int i = 0; i < posts; i++) {
            Element form = browser.open("/notes/create").document().selectFirst("form[action=/notes/create]");
            Map<String, String> fields = new LinkedHashMap<>();
            form.select("input[type=hidden]").forEach(input -> fields.put(input.attr("name"), input.val()));
            fields.putAll(Map.of("name", "Tab " + i, "text", "at once", "pad", ""));
            forms.add(fields);
        }
        List<Future<Browser.Page>> answers = new ArrayList<>();
        try (var tabs = Executors.newVirtualThreadPerTaskExecutor()) {
            forms.forEach(fields -> answers.add(tabs.submit(() -> browser.post("/notes/create", fields))));
        }
        for (Future<Browser.Page> answer : answers) {
            assertThat(answer.get().status()).as(answer.get().body()).isEqualTo(302);
        }
        assertThat(browser.open("/").text()).contains("All notes (" + posts + ")");
    }

    @Test
    void twoFormsOpenedOneAfterTheOtherSaveTwoNotes() {
        Browser browser = signedIn();
        createNote(browser, "Same name", "first", null);
        createNote(browser, "Same name", "second", null);
        assertThat(browser.open("/").text()).contains("All notes (2)");
    }
}
