package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Bad input over every form and id route, as a careless or hostile client sends it: each answer is a 4xx, never
 * a 5xx, forms say what is wrong next to the field, and nothing of it is logged as an error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class BadInputAcceptanceTest extends AcceptanceTest {

    static final String NUL = "a\u0000b";
    static final String TOO_BIG_FOR_A_LONG = "9223372036854775808";
    static final String SIXTY_EMOJI = "\uD83D\uDCDD".repeat(60);

    Browser user;
    long note;
    long pad;

    @BeforeAll
    void signUpWithANoteAndAPad() {
        user = signedIn();
        pad = createPad(user, "Ideas");
        note = createNote(user, "Kept", "text", pad);
    }

    /** A form submitted with one field replaced, or a GET of a path, and what must be said on the form. */
    record Case(String label, String formPage, String form, Map<String, String> fields, String message) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Case form(String label, String formPage, String form, Map<String, String> fields, String message) {
        return new Case(label, formPage, form, fields, message);
    }

    static Case get(String label, String path) {
        return new Case(label, path, null, Map.of(), null);
    }

    Stream<Case> cases() {
        String noteForm = "form[action=/notes/create]";
        String editNote = "/notes/" + note + "/edit";
        String editPad = "/pads/" + pad + "/edit";
        List<Case> cases = new ArrayList<>(List.of(
                form("note create, pad not a number", "/notes/create", noteForm,
                        Map.of("name", "n", "text", "t", "pad", "abc"), "Choose a pad from the list"),
                form("note create, pad past a long", "/notes/create", noteForm,
                        Map.of("name", "n", "text", "t", "pad", TOO_BIG_FOR_A_LONG), "Choose a pad from the list"),
                form("note edit, pad not a number", editNote, "form[action=" + editNote + "]",
                        Map.of("name", "n", "text", "t", "pad", "abc"), "Choose a pad from the list"),
                form("note edit, pad past a long", editNote, "form[action=" + editNote + "]",
                        Map.of("name", "n", "text", "t", "pad", TOO_BIG_FOR_A_LONG), "Choose a pad from the list"),
                form("note create, NUL in the name", "/notes/create", noteForm, Map.of("name", NUL, "text", "t", "pad", ""), null),
                form("note create, NUL in the text", "/notes/create", noteForm, Map.of("name", "n", "text", NUL, "pad", ""), null),
                form("note create, name of 101 emoji", "/notes/create", noteForm,
                        Map.of("name", "\uD83D\uDCDD".repeat(101), "text", "t", "pad", ""), "Name is too long"),
                form("pad create, NUL in the name", "/pads/create", "form[action=/pads/create]", Map.of("name", NUL), null),
                form("pad edit, NUL in the name", editPad, "form[action=" + editPad + "]", Map.of("name", NUL), null),
                form("pad create, name of 101 emoji", "/pads/create", "form[action=/pads/create]",
                        Map.of("name", "\uD83D\uDCDD".repeat(101)), "Name is too long"),
                form("settings, NUL in a password", "/settings", "form[action=/settings]",
                        Map.of("currentPassword", NUL, "newPassword", "x", "repeatPassword", "x"), null)));
        for (String path : List.of("/notes/abc", "/notes/" + TOO_BIG_FOR_A_LONG, "/notes/abc/edit", "/notes/abc/delete",
                "/pads/abc", "/pads/" + TOO_BIG_FOR_A_LONG, "/pads/abc/edit", "/pads/abc/delete", "/notes/create?pad=abc",
                "/?page=abc", "/?page=" + TOO_BIG_FOR_A_LONG, "/pads/" + pad + "?page=abc", "/?order=" + NUL, "/error",
                "/reset-password?token=" + NUL)) {
            cases.add(get("GET " + path.replace("\u0000", "%00"), path.replace("\u0000", "%00")));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersWithA4xxNeverA5xx(Case bad) {
        Browser.Page page = bad.form() == null ? user.get(bad.formPage()) : user.submit(bad.formPage(), bad.form(), bad.fields());
        assertThat(page.status()).as("%s answered %s: %s", bad, page.status(), page.text()).isBetween(400, 499);
        if (bad.message() != null) {
            assertThat(page.document().select(".field-error").eachText()).contains(bad.message());
        }
    }

    @Test
    void signedOutFormsAnswerA4xxToo() {
        Browser anonymous = browser();
        String email = newEmail();
        for (Map<String, String> fields : List.of(
                Map.of("email", NUL, "password", PASSWORD, "repeatPassword", PASSWORD),
                Map.of("email", email, "password", NUL, "repeatPassword", NUL))) {
            assertThat(anonymous.submit("/signup", "form[action=/signup]", fields).status()).isBetween(400, 499);
        }
        assertThat(anonymous.submit("/signin", "form[action=/signin]", Map.of("email", NUL, "password", PASSWORD)).status())
                .isBetween(400, 499);
        assertThat(anonymous.submit("/forgot-password", "form[action=/forgot-password]", Map.of("email", NUL)).status())
                .isBetween(400, 499);
    }

    @Test
    void aNameOfSixtyEmojiFitsItsHundredCharacters() {
        Browser.Page page = user.submit("/notes/create", "form[action=/notes/create]",
                Map.of("name", SIXTY_EMOJI, "text", "sixty", "pad", ""));
        assertThat(page.text()).contains("Note is created").contains(SIXTY_EMOJI);
        assertThat(user.submit("/pads/create", "form[action=/pads/create]", Map.of("name", SIXTY_EMOJI)).text())
                .contains("Pad is created");
    }

    @Test
    void aFormWithAnErrorKeepsWhatWasTypedAndSavesNothing() {
        Browser.Page page = user.submit("/notes/create", "form[action=/notes/create]",
                Map.of("name", "Typed name", "text", "Typed text", "pad", "abc"));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.document().selectFirst("input[name=name]").val()).isEqualTo("Typed name");
        assertThat(page.document().selectFirst("textarea[name=text]").text()).isEqualTo("Typed text");
        assertThat(user.open("/?order=name").text()).doesNotContain("Typed name");
    }

    @Test
    void badInputIsNotLoggedAsAnError(CapturedOutput output) {
        int before = output.getOut().length();
        cases().forEach(this::answersWithA4xxNeverA5xx);
        // A rejected value may be a one-line warning; an error, or a stack trace, is for what the app got wrong.
        assertThat(output.getOut().substring(before)).doesNotContain("\"level\":\"ERROR\"").doesNotContain("stack_trace");
    }
}
