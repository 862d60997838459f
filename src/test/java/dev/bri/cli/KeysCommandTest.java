package dev.bri.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.security.ApiKey;
import dev.bri.security.ApiKeyFile;
import dev.bri.security.Scope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysCommandTest {

    @Test
    void keysNewPrintsAKeyAndTheLineThatAcceptsIt() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = BriCli.run("keys", "new", "--id", "bri-agent", "--scopes", "read,write");
        } finally {
            System.setOut(original);
        }
        assertThat(exit).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        String key = lines[0].substring("key:  ".length()).strip();
        String line = lines[1].substring("line: ".length()).strip();
        assertThat(line).doesNotContain(key);
        List<ApiKey> keys = ApiKeyFile.parse(line, "printed");
        assertThat(keys).singleElement().satisfies(k -> {
            assertThat(k.id()).isEqualTo("bri-agent");
            assertThat(k.scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.WRITE);
            assertThat(k.sha256()).isEqualTo(ApiKeyFile.sha256(key));
        });
        assertThat(BriCli.run("keys", "new", "--id", "../etc", "--scopes", "read")).isNotZero();
        assertThat(BriCli.run("keys", "new", "--id", "x", "--scopes", "root")).isNotZero();
    }
}
