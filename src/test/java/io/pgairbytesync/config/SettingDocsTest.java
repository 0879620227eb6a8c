package io.pgairbytesync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The three documents generated from {@link Setting} are what the declaration says. On drift the test writes the
 * expected file to target/generated-docs/ and its failure says which line differs and the command that fixes it.
 */
class SettingDocsTest {

    private static final Path OUT = Path.of("target/generated-docs");

    @Test
    void docsConfigurationListsEverySettingAsDeclared() throws IOException {
        assertUpToDate(SettingDocs.CONFIGURATION);
        String md = Files.readString(SettingDocs.CONFIGURATION);
        for (Setting s : Setting.values()) {
            assertThat(md).contains("| `" + s.env() + "`");
        }
    }

    @Test
    void theReadmeListsTheCommonSettingsAsDeclared() throws IOException {
        assertUpToDate(SettingDocs.README);
        String md = Files.readString(SettingDocs.README);
        for (Setting s : Setting.values()) {
            assertThat(md.contains("| `" + s.env() + "` |")).as(s + " in the README's table").isEqualTo(s.common());
        }
    }

    @Test
    void theEnvExampleHasEveryVariableWithItsDefaultAndNoSecretValue() throws IOException {
        assertUpToDate(SettingDocs.ENV_EXAMPLE);
        Pattern assignment = Pattern.compile("^(# )?([A-Z][A-Z0-9_]*)=(.*)$", Pattern.MULTILINE);
        Matcher m = assignment.matcher(Files.readString(SettingDocs.ENV_EXAMPLE));
        List<String> commented = new ArrayList<>();
        while (m.find()) {
            Setting s = Setting.byName(m.group(2)).orElse(null);
            assertThat(s).as(m.group(2) + " in the env example is a declared setting").isNotNull();
            if (s.secret()) {
                assertThat(m.group(3)).as(s + " is a secret: empty in the example").isEmpty();
            }
            if (m.group(1) != null) {
                commented.add(s.env());
                assertThat(m.group(3)).as(s + ": the commented line shows the default").isEqualTo(s.secret() ? "" : s.defaultValue());
            }
        }
        List<String> expected = new ArrayList<>();
        for (Setting s : Setting.values()) {
            if (!s.internal()) {
                expected.add(s.env());
            }
        }
        assertThat(commented).containsExactlyElementsOf(expected);
    }

    @Test
    void aRegionWithoutItsMarkersIsNamedWithTheFix() {
        try {
            SettingDocs.expected(SettingDocs.README, "# no markers here\n");
            fail("no region, no error");
        } catch (IllegalStateException e) {
            assertThat(e).hasMessageContaining("BEGIN GENERATED common-settings:").hasMessageContaining("END GENERATED common-settings");
        }
        String hand = "prose before\n<!-- BEGIN GENERATED common-settings: -->\nold\n<!-- END GENERATED common-settings -->\nprose after\n";
        String regenerated = SettingDocs.expected(SettingDocs.README, hand);
        assertThat(regenerated).startsWith("prose before\n<!-- BEGIN GENERATED common-settings: from io.pgairbytesync.config.Setting")
                .endsWith("<!-- END GENERATED common-settings -->\nprose after\n").doesNotContain("\nold\n");
        assertThat(SettingDocs.expected(SettingDocs.README, regenerated)).isEqualTo(regenerated);
    }

    private static void assertUpToDate(Path file) throws IOException {
        String now = Files.readString(file);
        String expected = SettingDocs.expected(file, now);
        Path out = OUT.resolve(file);
        Files.createDirectories(out.getParent());
        Files.writeString(out, expected);
        if (!now.equals(expected)) {
            String[] a = now.split("\n", -1);
            String[] b = expected.split("\n", -1);
            int line = 0;
            while (line < a.length && line < b.length && a[line].equals(b[line])) {
                line++;
            }
            fail(file + " differs from io.pgairbytesync.config.Setting at line " + (line + 1) + ":\n  is:        "
                    + (line < a.length ? a[line] : "(end of file)") + "\n  should be: " + (line < b.length ? b[line] : "(end of file)")
                    + "\nEdit the setting in Setting.java, not the generated text. Regenerate with:\n  cp " + out + " " + file
                    + "\n(or, for all three: mvn -B -q compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt && java -cp \"target/classes:$(cat target/classpath.txt)\" io.pgairbytesync.config.SettingDocs)");
        }
    }
}
