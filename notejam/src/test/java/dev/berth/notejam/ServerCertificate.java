package dev.berth.notejam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority of the test's own and a server certificate it issued, made by the openssl command in a
 * directory: PEM files, P-256 keys, valid a day. The JDK does not trust the authority, so a client must be given it.
 */
record ServerCertificate(Path authority, Path certificate, Path key) {

    static final Path OPENSSL = Path.of("/usr/bin/openssl");

    static boolean available() {
        return Files.isExecutable(OPENSSL);
    }

    /** A certificate for the names given, in openssl's syntax: {@code DNS:localhost}, {@code IP:127.0.0.1}. */
    static ServerCertificate issue(Path directory, String... subjectAltNames) throws IOException, InterruptedException {
        Path authority = directory.resolve("ca.crt");
        Path authorityKey = directory.resolve("ca.key");
        Path certificate = directory.resolve("server.crt");
        Path key = directory.resolve("server.key");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                "-subj", "/CN=Notejam test authority", "-keyout", authorityKey.toString(), "-out", authority.toString());
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                "-subj", "/CN=Notejam test Redis", "-CA", authority.toString(), "-CAkey", authorityKey.toString(),
                "-addext", "subjectAltName=" + String.join(",", subjectAltNames),
                "-addext", "basicConstraints=critical,CA:FALSE",
                "-keyout", key.toString(), "-out", certificate.toString());
        return new ServerCertificate(authority, certificate, key);
    }

    private static void openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
