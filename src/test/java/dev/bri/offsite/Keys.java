package dev.bri.offsite;

import dev.bri.encryption.AgeIdentity;
import dev.bri.encryption.AgeRecipients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fresh age key pair made by the stock {@code age-keygen} (Debian package age). */
record Keys(Path identityFile, String recipient) {

    static Keys generate(Path dir) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "identity", ".txt");
        Files.delete(file);
        Process p = new ProcessBuilder("age-keygen", "-o", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("age-keygen failed: " + out);
        }
        String recipient = Files.readAllLines(file).stream().filter(l -> l.startsWith("# public key: "))
                .map(l -> l.substring("# public key: ".length()).trim()).findFirst().orElseThrow();
        return new Keys(file, recipient);
    }

    AgeRecipients recipients() {
        return AgeRecipients.parse(java.util.List.of(recipient));
    }

    AgeIdentity identity() throws IOException {
        return AgeIdentity.read(identityFile);
    }
}
