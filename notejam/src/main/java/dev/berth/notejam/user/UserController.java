package dev.berth.notejam.user;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Sign up, sign in (the form; Spring Security checks it), sign out, forgot password, settings. */
@Controller
class UserController {

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final PasswordResetService resets;
    private final String baseUrl;

    UserController(UserRepository users, PasswordEncoder encoder, PasswordResetService resets,
            @Value("${notejam.base-url:}") String baseUrl) {
        this.users = users;
        this.encoder = encoder;
        this.resets = resets;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @GetMapping("/signup")
    String signUpForm(Model model) {
        model.addAttribute("form", new UserForms.SignUp("", "", ""));
        return "user/signup";
    }

    @PostMapping("/signup")
    String signUp(@Valid @ModelAttribute("form") UserForms.SignUp form, BindingResult result, RedirectAttributes redirect) {
        if (!result.hasFieldErrors("email") && users.emailTaken(form.email())) {
            result.rejectValue("email", "taken", "An account with this email already exists");
        }
        checkNewPassword(form.password(), form.repeatPassword(), form.email(), "password", result);
        if (result.hasErrors()) {
            return "user/signup";
        }
        users.create(form.email().trim(), encoder.encode(form.password()));
        redirect.addFlashAttribute("success", "Account is created. Now you can sign in.");
        return "redirect:/signin";
    }

    @GetMapping("/signin")
    String signInForm(@RequestParam(required = false) String error, @RequestParam(required = false) String throttled,
            Model model) {
        if (throttled != null) {
            model.addAttribute("error", "Too many failed sign-ins for this email. Try again in a few minutes.");
        } else if (error != null) {
            model.addAttribute("error", "Wrong email or password");
        }
        return "user/signin";
    }

    @GetMapping("/signout")
    String signOutForm() {
        return "user/signout";
    }

    @GetMapping("/forgot-password")
    String forgotPasswordForm(Model model) {
        model.addAttribute("form", new UserForms.ForgotPassword(""));
        return "user/forgot-password";
    }

    @PostMapping("/forgot-password")
    String forgotPassword(@Valid @ModelAttribute("form") UserForms.ForgotPassword form, BindingResult result,
            HttpServletRequest request, RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return "user/forgot-password";
        }
        // The configured public URL, never the request's Host header: a forged Host would otherwise mail the
        // victim a link to the attacker's site, with a live token in it.
        String linkBase = baseUrl.isEmpty() ? ServletUriComponentsBuilder.fromContextPath(request).toUriString() : baseUrl;
        resets.requestReset(form.email().trim(), linkBase);
        redirect.addFlashAttribute("success", "If this email has an account, a link to reset its password is on its way.");
        return "redirect:/signin";
    }

    @GetMapping("/reset-password")
    String resetPasswordForm(@RequestParam(required = false) String token, Model model) {
        model.addAttribute("usable", resets.isUsable(token));
        model.addAttribute("form", new UserForms.ResetPassword(token, "", ""));
        return "user/reset-password";
    }

    @PostMapping("/reset-password")
    String resetPassword(@Valid @ModelAttribute("form") UserForms.ResetPassword form, BindingResult result, Model model,
            RedirectAttributes redirect) {
        checkNewPassword(form.password(), form.repeatPassword(), null, "password", result);
        if (result.hasErrors()) {
            model.addAttribute("usable", resets.isUsable(form.token()));
            return "user/reset-password";
        }
        if (resets.reset(form.token(), form.password()).isEmpty()) {
            model.addAttribute("usable", false);
            return "user/reset-password";
        }
        redirect.addFlashAttribute("success", "Your password is changed. Sign in with the new one.");
        return "redirect:/signin";
    }

    @GetMapping("/settings")
    String settingsForm(Model model) {
        model.addAttribute("form", new UserForms.Settings("", "", ""));
        return "user/settings";
    }

    @PostMapping("/settings")
    String changePassword(@AuthenticationPrincipal NotejamUser user, @Valid @ModelAttribute("form") UserForms.Settings form,
            BindingResult result, RedirectAttributes redirect) {
        UserRepository.Account account = users.findById(user.id()).orElseThrow();
        if (!result.hasFieldErrors("currentPassword") && !encoder.matches(form.currentPassword(), account.passwordHash())) {
            result.rejectValue("currentPassword", "wrong", "Current password is wrong");
        }
        checkNewPassword(form.newPassword(), form.repeatPassword(), account.email(), "newPassword", result);
        if (result.hasErrors()) {
            return "user/settings";
        }
        users.updatePassword(user.id(), encoder.encode(form.newPassword()));
        redirect.addFlashAttribute("success", "Password is changed");
        return "redirect:/settings";
    }

    private static void checkNewPassword(String password, String repeat, String email, String field, BindingResult result) {
        if (result.hasFieldErrors(field) || password == null) {
            return;
        }
        PasswordPolicy.weakness(password, email).ifPresent(why -> result.rejectValue(field, "weak", why));
        if (!result.hasFieldErrors("repeatPassword") && !password.equals(repeat)) {
            result.rejectValue("repeatPassword", "mismatch", "Passwords do not match");
        }
    }
}
