package dev.berth.notejam.note;

import dev.berth.notejam.pad.PadRepository;
import dev.berth.notejam.system.FormToken;
import dev.berth.notejam.system.MaxCharacters;
import dev.berth.notejam.system.NotFoundException;
import dev.berth.notejam.system.Sorting;
import dev.berth.notejam.user.NotejamUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class NoteController {

    /** The pad travels as the text the form sent: a value that is no id is a message on the form, not a 500. */
    record NoteForm(
            @NotBlank(message = "Name is required") @MaxCharacters(value = 100, message = "Name is too long") String name,
            @NotBlank(message = "Text is required") String text,
            String pad,
            String formToken) {

        static NoteForm of(String name, String text, Long pad) {
            return new NoteForm(name, text, pad == null ? "" : pad.toString(), FormToken.next());
        }
    }

    private final NoteRepository notes;
    private final PadRepository pads;
    private final int pageSize;

    NoteController(NoteRepository notes, PadRepository pads, @Value("${notejam.page-size}") int pageSize) {
        this.notes = notes;
        this.pads = pads;
        this.pageSize = pageSize;
    }

    @GetMapping("/")
    String all(@AuthenticationPrincipal NotejamUser user, @RequestParam(required = false) String order,
            @RequestParam(defaultValue = "1") int page, Model model) {
        Sorting sorting = Sorting.fromParameter(order);
        model.addAttribute("order", sorting.parameter());
        model.addAttribute("notes", notes.page(user.id(), null, sorting, page, pageSize));
        return "note/list";
    }

    @GetMapping("/notes/create")
    String createForm(@RequestParam(required = false) Long pad, Model model) {
        model.addAttribute("form", NoteForm.of("", "", pad));
        return "note/create";
    }

    @PostMapping("/notes/create")
    String create(@AuthenticationPrincipal NotejamUser user, @Valid @ModelAttribute("form") NoteForm form,
            BindingResult result, RedirectAttributes redirect) {
        Long pad = ownPad(form.pad(), user, result);
        if (result.hasErrors()) {
            return "note/create";
        }
        long id = notes.create(user.id(), pad, form.name().strip(), form.text(), FormToken.parse(form.formToken()));
        redirect.addFlashAttribute("success", "Note is created");
        return "redirect:/notes/" + id;
    }

    @GetMapping("/notes/{id}")
    String show(@AuthenticationPrincipal NotejamUser user, @PathVariable long id, Model model) {
        model.addAttribute("note", notes.find(id, user.id()).orElseThrow(NotFoundException::new));
        return "note/show";
    }

    @GetMapping("/notes/{id}/edit")
    String editForm(@AuthenticationPrincipal NotejamUser user, @PathVariable long id, Model model) {
        NoteRepository.Note note = notes.find(id, user.id()).orElseThrow(NotFoundException::new);
        model.addAttribute("note", note);
        model.addAttribute("form", NoteForm.of(note.name(), note.text(), note.padId()));
        return "note/edit";
    }

    @PostMapping("/notes/{id}/edit")
    String edit(@AuthenticationPrincipal NotejamUser user, @PathVariable long id, @Valid @ModelAttribute("form") NoteForm form,
            BindingResult result, Model model, RedirectAttributes redirect) {
        NoteRepository.Note note = notes.find(id, user.id()).orElseThrow(NotFoundException::new);
        Long pad = ownPad(form.pad(), user, result);
        if (result.hasErrors()) {
            model.addAttribute("note", note);
            return "note/edit";
        }
        notes.update(id, user.id(), pad, form.name().strip(), form.text());
        redirect.addFlashAttribute("success", "Note is saved");
        return "redirect:/notes/" + id;
    }

    @GetMapping("/notes/{id}/delete")
    String deleteForm(@AuthenticationPrincipal NotejamUser user, @PathVariable long id, Model model) {
        model.addAttribute("note", notes.find(id, user.id()).orElseThrow(NotFoundException::new));
        return "note/delete";
    }

    @PostMapping("/notes/{id}/delete")
    String delete(@AuthenticationPrincipal NotejamUser user, @PathVariable long id, RedirectAttributes redirect) {
        if (!notes.delete(id, user.id())) {
            throw new NotFoundException();
        }
        redirect.addFlashAttribute("success", "Note is deleted");
        return "redirect:/";
    }

    /**
     * The pad a note goes into: none, or one of the user's own; anyone else's pad is a 404, and a value that is no
     * pad id at all is an error on the form's pad field.
     */
    private Long ownPad(String pad, NotejamUser user, BindingResult result) {
        if (pad == null || pad.isBlank()) {
            return null;
        }
        long padId;
        try {
            padId = Long.parseLong(pad.strip());
        } catch (NumberFormatException notAnId) {
            result.rejectValue("pad", "invalid", "Choose a pad from the list");
            return null;
        }
        return pads.find(padId, user.id()).map(PadRepository.Pad::id).orElseThrow(NotFoundException::new);
    }
}
