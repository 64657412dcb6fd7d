package dev.berth.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .berth/ between runs, and the lines a person reads. */
class LocalStateTest {

    @Test
    void freshEmptiesTheDataAndKeepsTheSecretsATypedValueIsIn(@TempDir Path project) throws Exception {
        Path config = project.resolve("berth.yaml");
        LocalState state = LocalState.of(config).prepared();
        assertThat(state.directory()).isEqualTo(project.resolve(".berth"));
        assertThat(Files.readString(project.resolve(".berth/.gitignore")).lines()).contains("*");
        Files.createDirectories(state.postgres().resolve("base"));
        Files.writeString(state.postgres().resolve("base/1"), "rows");
        Files.createDirectories(state.buckets().resolve("shop-local-api"));
        Files.createDirectories(state.redis());
        Files.writeString(state.redis().resolve("dump.rdb"), "keys");
        String password = state.passwords().of("api-database");
        LocalSecrets.of(config).set("shop/local/api/stripe-key", "sk_test");

        state.clearData();

        assertThat(state.postgres()).doesNotExist();
        assertThat(state.buckets()).doesNotExist();
        assertThat(state.redis()).doesNotExist();
        assertThat(state.passwords().of("api-database")).isNotEqualTo(password);
        assertThat(LocalSecrets.of(config).value("shop/local/api/stripe-key")).contains("sk_test");
        assertThat(Files.getPosixFilePermissions(LocalSecrets.of(config).file())).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void notejamsDataWhereAnEarlierBerthUpKeptItIsMovedNotLost(@TempDir Path project) throws Exception {
        Path earlier = project.resolve(".berth/notejam");
        Files.createDirectories(earlier.resolve("postgres"));
        Files.writeString(earlier.resolve("postgres/PG_VERSION"), "16");
        Files.createDirectories(earlier.resolve("secrets"));
        Files.writeString(earlier.resolve("secrets/web-database"), "kept-password");
        LocalState state = LocalState.of(project.resolve("berth.yaml")).prepared();
        assertThat(state.postgres().resolve("PG_VERSION")).hasContent("16");
        assertThat(state.passwords().of("web-database")).isEqualTo("kept-password");
    }

    @Test
    void eachServicesLinesCarryItsNameAlignedAndColouredOnATerminal() {
        StringWriter plain = new StringWriter();
        new LogSink(new PrintWriter(plain), List.of("web", "ledger"), false).line("web", "started");
        assertThat(plain.toString()).isEqualTo("web    | started" + System.lineSeparator());

        StringWriter coloured = new StringWriter();
        LogSink sink = new LogSink(new PrintWriter(coloured), List.of("web", "ledger"), true);
        sink.line("web", "a");
        sink.line("ledger", "b");
        assertThat(coloured.toString().lines().toList()).containsExactly("\u001b[36mweb    | \u001b[0ma", "\u001b[33mledger | \u001b[0mb");
    }
}
