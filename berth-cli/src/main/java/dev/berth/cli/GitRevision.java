package dev.berth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The image tag of a build: the git commit it was built from. A tree with uncommitted changes has no commit that
 * describes it, so it is refused unless allowed, and then tagged apart ({@code COMMIT-dirty-TIME}): tags are
 * immutable, and a dirty build must never take the name of the clean one.
 */
final class GitRevision {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private GitRevision() {
    }

    static String imageTag(Path directory, boolean allowDirty, Clock clock) {
        String commit = git(directory, "rev-parse", "--short=12", "HEAD");
        boolean dirty = !git(directory, "status", "--porcelain", "--untracked-files=no").isEmpty();
        if (!dirty) {
            return commit;
        }
        if (!allowDirty) {
            throw new UsageFailure("berth: " + directory + " has uncommitted changes; commit them (the image is tagged with"
                    + " the commit) or push with --allow-dirty");
        }
        return commit + "-dirty-" + STAMP.format(clock.instant());
    }

    /**
     * The short commit of the checkout {@code directory} is in, if it is one and git runs: what a cluster release is
     * named after, since its manifests come from that berth.yaml. Nothing is refused here, a dirty tree included.
     */
    static Optional<String> commit(Path directory) {
        try {
            return Optional.of(git(directory, "rev-parse", "--short=12", "HEAD"));
        } catch (UsageFailure notACheckout) {
            return Optional.empty();
        }
    }

    private static String git(Path directory, String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(arguments));
        try {
            Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (git.waitFor() != 0) {
                throw new UsageFailure("berth: images are tagged with the git commit, but git in " + directory
                        + " says: " + output.lines().findFirst().orElse("exit " + git.exitValue()));
            }
            return output;
        } catch (IOException e) {
            throw new UsageFailure("berth: images are tagged with the git commit, and git could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
