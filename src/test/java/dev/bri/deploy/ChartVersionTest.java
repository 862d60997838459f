package dev.bri.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The chart's appVersion is the Maven project version. Helm reads Chart.yaml as it is in the repository, so instead
 * of filtering it at build time (which would leave the checked-in chart unusable) the build fails when they differ.
 */
class ChartVersionTest {

    @Test
    void appVersionIsThePomVersion() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile())
                .getDocumentElement();
        String pomVersion = null;
        for (var n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("version")) {
                pomVersion = e.getTextContent().trim();
            }
        }
        assertThat(pomVersion).isNotBlank();
        assertThat(Chart.readYaml(Chart.DIR.resolve("Chart.yaml")).get("appVersion").asText()).isEqualTo(pomVersion);
    }

    /** NOTES.txt as Helm prints it after an install: the manual backup command and the token command. */
    @Test
    void notesShowHowToTriggerABackupByHand() {
        Release release = new Helm(Chart.hookVisibleCopy()).install().withName("prod").withNamespace("bri").dryRun()
                .clientOnly().set("auth.adminToken", "x").call();
        assertThat(release.getOutput())
                .contains(
                        "kubectl -n bri create job --from=cronjob/prod-bri-context-backup prod-bri-context-backup-manual-")
                .contains("helm.sh/resource-policy: keep")
                .contains("kubectl -n bri get secret prod-bri-context -o jsonpath='{.data.admin-token}' | base64 -d")
                .contains("helm test prod -n bri")
                .contains("--set backup.restore.enabled=true")
                .doesNotContain("WARNING");
        Release throwAway = new Helm(Chart.hookVisibleCopy()).install().withName("dev").withNamespace("bri").dryRun()
                .clientOnly().withValuesFile(Chart.CI.resolve("minimal-values.yaml")).call();
        assertThat(throwAway.getOutput()).contains("WARNING: persistence.data.enabled=false")
                .contains("The backup CronJob is disabled").contains("secret dev-bri-context-generated");
    }
}
