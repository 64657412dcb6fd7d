package dev.berth.notejam.pad;

import dev.berth.notejam.note.NoteRepository;
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
class PadController {

    record PadForm(@NotBlank(message = "Name is required") @MaxCharacters(value = 100, message = "Name is too long") String name,
            String formToken) {
    }

    private final PadRepository pads;
    private final NoteRepository notes;
    private final int pageSize;

    PadController(PadRepository pads, NoteRepository notes, @Value("${notejam.page-size}") int pageSize) {
        this.pads = pads;
        this.notes = notes;
        this.pageSize = pageSize;
    }

    @GetMapping("/pads/create")
    String createForm(Model model) {
        model.addAttribute("form", new PadForm("", FormToken.next()));
        return "pad/create";
    }

    @PostMapping("/pads/create")
    String create(@AuthenticationPrincipal NotejamUser user, @Valid @ModelAttribute("form") PadForm form,
            BindingResult result, RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return "pad/create";
        }
        long id = pads.create(user.id(), form.name().strip(), FormToken.parse(form.formToken()));
        redirect.addFlashAttribute("success", "Pad is created");
        return "redirect:/pads/" + id;
    }

    @GetMapping("/pads/{id}")
    String show(@AuthenticationPrincipal NotejamUser user, @PathVariable long id,
            @RequestParam(required = false) String order, @RequestParam(defaultValue = "1") int page, Model model) {
        PadRepository.Pad pad = pads.find(id, user.id()).orElseThrow(NotFoundException::new);
        Sorting sorting = Sorting.fromParameter(order);
        model.addAttribute("pad", pad);
        model.addAttribute("order", sorting.parameter());
        model.addAttribute("notes", notes.page(user.id(), pad.id(), sorting, page, pageSize));
        return "pad/show";
    }

    @GetMapping("/pads/{id}/edit")
    String editForm(@AuthenticationPrincipal NotejamUser user, @PathVariable long id, Model model) {
        PadRepository.Pad pad = pads.find(id, user.id()).orElseThrow(NotFoundException::new);
        model.addAttribute("pad", pad);
        model.addAttribute("form", new PadForm(pad.name(), null));
        return "pad/edit";
    }

    @PostMapping("/pads/{id}/edit")
    String edit(@AuthenticationPrincipal NotejamUser user, @PathVariable long id, @Valid @ModelAttribute("form") PadForm form,
            BindingResult result, Model model, RedirectAttributes redirect) {
        PadRepository.Pad pad = pads.find(id, user.id()).orElseThrow(NotFoundException::new);
        if (result.hasErrors()) {
            model.addAttribute("pad", pad);
            return "pad/edit";
        }
        pads.rename(id, user.id(), form.name().strip());
        redirect.addFlashAttribute("success", "Pad is renamed");
        return "redirect:/pads/" + id;
    }

    @GetMapping("/pads/{id}/delete")
    String deleteForm(@AuthenticationPrincipal NotejamUser user, @PathVariable long id, Model model) {
        model.addAttribute("pad", pads.find(id, user.id()).orElseThrow(NotFoundException::new));
        return "pad/delete";
    }

    @PostMapping("/pads/{id}/delete")
    String delete(@AuthenticationPrincipal NotejamUser user, @PathVariable long id, RedirectAttributes redirect) {
        if (!pads.delete(id, user.id())) {
            throw new NotFoundException();
        }
        redirect.addFlashAttribute("success", "Pad is deleted");
        return "redirect:/";
    }
}
