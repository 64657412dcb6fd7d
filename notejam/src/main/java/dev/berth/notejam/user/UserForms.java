package dev.berth.notejam.user;

import dev.berth.notejam.system.MaxCharacters;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;

/** The forms of the account pages, validated before the controller looks at them. */
final class UserForms {

    private UserForms() {
    }

    record SignUp(
            @NotBlank(message = "Email is required") @Email(message = "Email is not valid")
            @MaxCharacters(value = 254, message = "Email is too long") String email,
            @NotBlank(message = "Password is required") String password,
            @NotBlank(message = "Repeat the password") String repeatPassword) {
    }

    record ForgotPassword(
            @NotBlank(message = "Email is required") @Email(message = "Email is not valid") String email) {
    }

    record ResetPassword(
            String token,
            @NotBlank(message = "Password is required") String password,
            @NotBlank(message = "Repeat the password") String repeatPassword) {
    }

    record Settings(
            @NotBlank(message = "Current password is required") String currentPassword,
            @NotBlank(message = "New password is required") String newPassword,
            @NotBlank(message = "Repeat the new password") String repeatPassword) {
    }
}
