package org.capif.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool installation says what to do on a machine without npm, and caches what it installed under target/. */
class ChartToolsTest {

    @Test
    void installWhenNpmIsMissingThenTheFailureSaysWhatToInstall(@TempDir Path dir) {
        assertThatThrownBy(() -> ChartTools.npmCi("npm-that-is-not-installed", dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("need Node.js (>= 20) and npm on the PATH")
                .hasMessageContaining("apt-get install nodejs npm");
    }

    @Test
    void installWhenDoneThenBothHelmBinariesAndAStampOfTheLockFileAreCachedUnderTarget() throws Exception {
        ChartTools.ensureInstalled();
        assertThat(ChartTools.HelmCli.HELM3.binary()).isExecutable().startsWith(ChartTools.MODULE.resolve("target"));
        assertThat(ChartTools.HelmCli.HELM4.binary()).isExecutable();
        assertThat(Files.readString(ChartTools.TOOLS.resolve("installed.sha256")))
                .hasSize(64);
        assertThat(ChartTools.TOOLS.resolve("node_modules/kubernetes-models/package.json"))
                .exists();
    }
}
