package dev.berth.notejam.user;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends the reset link by SMTP when {@code spring.mail.host} is set; otherwise writes the mail to the log, which is
 * how a local run "delivers" it. Decided by the property at run time: with Spring AOT the mail sender's bean exists
 * whether or not a host is given.
 */
@Component
public class ResetMailer {

    private static final Logger log = LoggerFactory.getLogger(ResetMailer.class);

    private final ObjectProvider<JavaMailSender> sender;
    private final String from;
    private final boolean smtpConfigured;

    ResetMailer(ObjectProvider<JavaMailSender> sender, @Value("${notejam.mail.from:notejam@localhost}") String from,
            @Value("${spring.mail.host:}") String smtpHost) {
        this.sender = sender;
        this.from = from;
        this.smtpConfigured = !smtpHost.isBlank();
    }

    void sendResetLink(String to, String link, Duration ttl) {
        String text = "Someone asked to reset the Notejam password of " + to + ".\n\n"
                + "Choose a new password here (the link works once, for " + ttl.toMinutes() + " minutes):\n" + link + "\n\n"
                + "If it was not you, ignore this mail: your password stays as it is.\n";
        JavaMailSender smtp = smtpConfigured ? sender.getIfAvailable() : null;
        if (smtp == null) {
            log.info("Mail to {} (no SMTP configured, logged instead): Reset your Notejam password\n{}", to, text);
            return;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to);
        message.setSubject("Reset your Notejam password");
        message.setText(text);
        smtp.send(message);
    }
}
