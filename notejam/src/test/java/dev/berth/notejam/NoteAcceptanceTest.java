package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** Pads and notes: create, view, edit, delete, lists, sorting and pagination. */
class NoteAcceptanceTest extends AcceptanceTest {

    static List<String> noteNames(Browser.Page page) {
        return page.document().select("table.notes tbody tr td:first-child a").eachText();
    }

    @Test
    void emptyStateInvitesTheFirstNote() {
        Browser.Page home = signedIn().open("/");
        assertThat(home.text()).contains("All notes (0)").contains("Create your first note");
    }

    @Test
    void createAPadAndSeeItInTheSidebar() {
        Browser browser = signedIn();
        long pad = createPad(browser, "Groceries");
        Browser.Page page = browser.open("/pads/" + pad);
        assertThat(page.document().select("h1").text()).contains("Groceries");
        assertThat(page.document().select(".sidebar .pads a").eachText()).containsExactly("Groceries");
        assertThat(page.text()).contains("Create your first note");
    }

    @Test
    void aPadNeedsAName() {
        Browser.Page page = signedIn().submit("/pads/create", "form[action=/pads/create]", Map.of("name", " "));
        assertThat(page.text()).contains("Name is required");
    }

    @Test
    void renameAPad() {
        Browser browser = signedIn();
        long pad = createPad(browser, "Work");
        Browser.Page page = browser.submit("/pads/" + pad + "/edit", "form[action=/pads/" + pad + "/edit]", Map.of("name", "Office"));
        assertThat(page.text()).contains("Pad is renamed");
        assertThat(page.document().select("h1").text()).contains("Office");
    }

    @Test
    void deleteAPadAfterConfirmingAndItsNotesGoWithIt() {
        Browser browser = signedIn();
        long pad = createPad(browser, "Old");
        long note = createNote(browser, "In the old pad", "text", pad);
        Browser.Page confirm = browser.open("/pads/" + pad + "/delete");
        assertThat(confirm.text()).contains("Are you sure you want to delete Old?");
        assertThat(browser.get("/pads/" + pad).status()).as("GET of the confirmation deletes nothing").isEqualTo(200);

        Browser.Page home = browser.submit("/pads/" + pad + "/delete", "form[action=/pads/" + pad + "/delete]", Map.of());
        assertThat(home.text()).contains("Pad is deleted").contains("All notes (0)");
        assertThat(browser.get("/pads/" + pad).status()).isEqualTo(404);
        assertThat(browser.get("/notes/" + note).status()).isEqualTo(404);
    }

    @Test
    void createAndViewANote() {
        Browser browser = signedIn();
        long pad = createPad(browser, "Ideas");
        long note = createNote(browser, "Berth", "Deploy it all\nfrom one file", pad);
        Browser.Page page = browser.open("/notes/" + note);
        assertThat(page.document().select("h1").text()).isEqualTo("Berth");
        assertThat(page.document().select(".note-text").first().wholeText()).isEqualTo("Deploy it all\nfrom one file");
        assertThat(page.text()).contains("Last edited today at").contains("in Ideas");
    }

    @Test
    void createANoteWithoutAPad() {
        Browser browser = signedIn();
        long note = createNote(browser, "Loose", "no pad", null);
        assertThat(browser.open("/notes/" + note).document().select("main p.muted a")).as("no pad link").isEmpty();
        assertThat(browser.open("/").document().select("table.notes td.pad").text()).contains("No pad");
    }

    @Test
    void aNoteNeedsANameAndText() {
        Browser.Page page = signedIn().submit("/notes/create", "form[action=/notes/create]", Map.of("name", "", "text", "", "pad", ""));
        assertThat(page.text()).contains("Name is required").contains("Text is required");
    }

    @Test
    void editANote() {
        Browser browser = signedIn();
        long pad = createPad(browser, "Target");
        long note = createNote(browser, "Draft", "first", null);
        Browser.Page page = browser.submit("/notes/" + note + "/edit", "form[action=/notes/" + note + "/edit]",
                Map.of("name", "Final", "text", "second", "pad", Long.toString(pad)));
        assertThat(page.text()).contains("Note is saved").contains("Final").contains("second").contains("in Target");
    }

    @Test
    void deleteANoteAfterConfirming() {
        Browser browser = signedIn();
        long note = createNote(browser, "Doomed", "text", null);
        assertThat(browser.open("/notes/" + note + "/delete").text()).contains("Are you sure you want to delete Doomed?");
        Browser.Page home = browser.submit("/notes/" + note + "/delete", "form[action=/notes/" + note + "/delete]", Map.of());
        assertThat(home.text()).contains("Note is deleted").contains("All notes (0)");
        assertThat(browser.get("/notes/" + note).status()).isEqualTo(404);
    }

    @Test
    void allNotesCountsAndSortsInFourOrders() {
        Browser browser = signedIn();
        for (String name : List.of("banana", "cherry", "apple")) {
            createNote(browser, name, "text", null);
        }
        assertThat(browser.open("/").text()).contains("All notes (3)");
        assertThat(noteNames(browser.open("/"))).containsExactly("apple", "cherry", "banana");
        assertThat(noteNames(browser.open("/?order=-updated_at"))).containsExactly("apple", "cherry", "banana");
        assertThat(noteNames(browser.open("/?order=updated_at"))).containsExactly("banana", "cherry", "apple");
        assertThat(noteNames(browser.open("/?order=name"))).containsExactly("apple", "banana", "cherry");
        assertThat(noteNames(browser.open("/?order=-name"))).containsExactly("cherry", "banana", "apple");
    }

    @Test
    void aPadPageSortsItsOwnNotes() {
        Browser browser = signedIn();
        long pad = createPad(browser, "Fruit");
        for (String name : List.of("banana", "cherry", "apple")) {
            createNote(browser, name, "text", pad);
        }
        createNote(browser, "outside the pad", "text", null);
        assertThat(noteNames(browser.open("/pads/" + pad + "?order=name"))).containsExactly("apple", "banana", "cherry");
        assertThat(noteNames(browser.open("/pads/" + pad + "?order=-name"))).containsExactly("cherry", "banana", "apple");
        assertThat(noteNames(browser.open("/pads/" + pad + "?order=updated_at"))).containsExactly("banana", "cherry", "apple");
        assertThat(noteNames(browser.open("/pads/" + pad + "?order=-updated_at"))).containsExactly("apple", "cherry", "banana");
    }

    @Test
    void listsArePaginatedKeepingTheOrder() {
        Browser browser = signedIn();
        long pad = createPad(browser, "Many");
        for (int i = 1; i <= 23; i++) {
            createNote(browser, String.format("note %02d", i), "text", pad);
        }
        Browser.Page first = browser.open("/?order=name");
        assertThat(noteNames(first)).hasSize(10).first().isEqualTo("note 01");
        assertThat(first.text()).contains("All notes (23)").contains("Page 1 of 3");
        Element next = first.document().selectFirst("a[rel=next]");
        assertThat(next).isNotNull();
        Browser.Page second = browser.open(next.attr("href"));
        assertThat(noteNames(second)).hasSize(10).first().isEqualTo("note 11");
        Browser.Page last = browser.open("/?order=name&page=3");
        assertThat(noteNames(last)).containsExactly("note 21", "note 22", "note 23");
        assertThat(last.document().selectFirst("a[rel=next]")).isNull();
        assertThat(noteNames(browser.open("/pads/" + pad + "?order=-name&page=3"))).containsExactly("note 03", "note 02", "note 01");
        assertThat(browser.open("/?page=9").text()).contains("All notes (23)");
    }

    @Test
    void trailingSlashesAreAccepted() {
        Browser browser = signedIn();
        long pad = createPad(browser, "Slash");
        long note = createNote(browser, "Slashed", "text", pad);
        assertThat(browser.get("/notes/" + note + "/").status()).isEqualTo(200);
        assertThat(browser.get("/pads/" + pad + "/").status()).isEqualTo(200);
        assertThat(browser.get("/notes/create/").status()).isEqualTo(200);
    }

    @Test
    void everythingUserWrittenIsEscaped() {
        Browser browser = signedIn();
        long note = createNote(browser, "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", null);
        Browser.Page page = browser.open("/notes/" + note);
        assertThat(page.body()).doesNotContain("<script>alert(1)</script>").doesNotContain("<img src=x")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
}
