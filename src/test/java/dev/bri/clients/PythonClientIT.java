package dev.bri.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Python client's own tests ({@code clients/python/tests}, standard unittest) against the packaged service on a
 * free port: the client is checked against the API as built, not against a description of it.
 */
class PythonClientIT {

    @Test
    void thePythonClientsTestsPassAgainstThePackagedService() throws Exception {
        Path root = Files.createTempDirectory("bri-python-client");
        try (ServiceProcess service = new ServiceProcess(root.resolve("data"), Map.of()).start()) {
            ProcessBuilder python = new ProcessBuilder("python3", "-m", "unittest", "discover", "-v", "-s", "tests",
                    "-t", ".").directory(Path.of("clients/python").toFile()).redirectErrorStream(true);
            python.environment().put("BRI_URL", service.url());
            python.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process process = python.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            assertThat(output).as("unittest output").contains("Ran 4 tests").doesNotContain("skipped");
            assertThat(exit).as("python3 -m unittest exit code; output:\n" + output).isZero();
        }
    }
}
