package dev.bri.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeyFileTest {

    @Test
    void aMadeKeyParsesBackToItsIdScopesAndHash() throws Exception {
        String key = ApiKeyFile.newKey();
        assertThat(key).startsWith("bri_").hasSize(4 + 43);
        assertThat(ApiKeyFile.newKey()).isNotEqualTo(key);
        String line = ApiKeyFile.line("agent", key, EnumSet.of(Scope.WRITE, Scope.READ));
        assertThat(line).doesNotContain(key).matches("agent sha256:[0-9a-f]{64} read,write");
        List<ApiKey> keys = ApiKeyFile.parse("# comment\n\n" + line + "\n", "keys");
        assertThat(keys).singleElement().satisfies(k -> {
            assertThat(k.id()).isEqualTo("agent");
            assertThat(k.scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.WRITE);
            assertThat(k.sha256()).isEqualTo(ApiKeyFile.sha256(key));
        });
    }

    @Test
    void badLinesAreRefusedWithTheirNumberAndAPlainKeyIsRecognised() {
        String good = ApiKeyFile.line("a", ApiKeyFile.newKey(), EnumSet.of(Scope.READ));
        assertThatThrownBy(() -> ApiKeyFile.parse(good + "\nb " + ApiKeyFile.newKey() + " read\n", "f"))
                .hasMessageContaining("f line 2").hasMessageContaining("looks like a key");
        assertThatThrownBy(() -> ApiKeyFile.parse(good + "\n" + good.replace(" a ", " b ") + "\n", "f"))
                .hasMessageContaining("line 2").hasMessageContaining("twice");
        assertThatThrownBy(() -> ApiKeyFile.parse(good.replace("read", "delete"), "f"))
                .hasMessageContaining("unknown scope 'delete'");
        assertThatThrownBy(() -> ApiKeyFile.parse(good.replace("a sha", "../x sha"), "f"))
                .hasMessageContaining("key id must match");
        assertThatThrownBy(() -> ApiKeyFile.parse("a sha256:00 read", "f")).hasMessageContaining("64");
        assertThatThrownBy(() -> ApiKeyFile.parse("a read", "f")).hasMessageContaining("2 field(s)");
    }
}
