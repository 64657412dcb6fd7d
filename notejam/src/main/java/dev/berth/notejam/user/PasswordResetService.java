package dev.berth.notejam.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Single-use, expiring password-reset links. Only a SHA-256 of each token is stored. */
@Service
public class PasswordResetService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final ResetMailer mailer;
    private final Duration ttl;

    PasswordResetService(JdbcClient jdbc, UserRepository users, PasswordEncoder encoder, ResetMailer mailer,
            @Value("${notejam.password-reset.ttl}") Duration ttl) {
        this.jdbc = jdbc;
        this.users = users;
        this.encoder = encoder;
        this.mailer = mailer;
        this.ttl = ttl;
    }

    /** Sends a link when the email has an account; says nothing either way, so accounts cannot be probed. */
    public void requestReset(String email, String baseUrl) {
        users.findByEmail(email).ifPresent(account -> {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            jdbc.sql("INSERT INTO password_reset_tokens (token_hash, user_id, expires_at) VALUES (?, ?, now() + ?::interval)")
                    .params(hash(token), account.id(), ttl.toSeconds() + " seconds")
                    .update();
            mailer.sendResetLink(account.email(), baseUrl + "/reset-password?token=" + token, ttl);
        });
    }

    /** Whether a token can still be used (shown before the form is filled). */
    public boolean isUsable(String token) {
        return token != null && jdbc.sql("SELECT EXISTS (SELECT 1 FROM password_reset_tokens"
                        + " WHERE token_hash = ? AND used_at IS NULL AND expires_at > now())")
                .param(hash(token)).query(Boolean.class).single();
    }

    /** Consumes the token and sets the password; empty when the token is unknown, used or expired. */
    @Transactional
    public Optional<Long> reset(String token, String newPassword) {
        if (token == null) {
            return Optional.empty();
        }
        Optional<Long> userId = jdbc.sql("UPDATE password_reset_tokens SET used_at = now()"
                        + " WHERE token_hash = ? AND used_at IS NULL AND expires_at > now() RETURNING user_id")
                .param(hash(token)).query(Long.class).optional();
        userId.ifPresent(id -> users.updatePassword(id, encoder.encode(newPassword)));
        return userId;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
