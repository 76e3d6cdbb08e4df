package org.capif.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.capif.common.datastore.CapifService;
import org.capif.common.datastore.KafkaAcls;
import org.junit.jupiter.api.Test;

/**
 * The Kafka ACLs an operator reads in docs/deployment.md (section 8) and docs/security.md are the ones the services
 * need: the service table {@link CapifService} and the ACLs derived from it ({@link KafkaAcls}), which the test
 * brokers and the local stack apply. A topic, group or service added there fails this test until the docs follow.
 */
class KafkaAclDocsTest {

    private static final Path DOCS = ChartTools.MODULE.resolve("../../docs").normalize();
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** One row of an ACL table: what a service owns, consumes and which groups it reads. */
    record Row(Set<String> owns, Set<String> consumes, Set<String> groups) {

        static Row of(CapifService s) {
            return new Row(Set.copyOf(s.writes()), Set.copyOf(s.reads()), Set.copyOf(s.groups()));
        }
    }

    /** One granted permission, as comparable text. */
    private static String acl(String principal, String type, String name, String op) {
        return principal + " " + op.toUpperCase(Locale.ROOT) + " " + type.toUpperCase(Locale.ROOT) + ":" + name;
    }

    private static Set<String> expectedAcls() {
        Set<String> out = new LinkedHashSet<>();
        for (AclBinding b : KafkaAcls.all()) {
            out.add(acl(
                    b.entry().principal(),
                    b.pattern().resourceType().name(),
                    b.pattern().name(),
                    b.entry().operation().name()));
        }
        return out;
    }

    @Test
    void deploymentGuideWhenAclTableThenOneRowPerServiceEqualToTheServiceTable() throws IOException {
        String section = section(Files.readString(DOCS.resolve("deployment.md")), "## 8. ", "## 9. ");
        for (CapifService s : CapifService.values()) {
            assertThat(row(section, "| `" + KafkaAcls.principal(s) + "` |", 0))
                    .as(s.id())
                    .isEqualTo(Row.of(s));
        }
        assertThat(section.lines().filter(l -> l.startsWith("| `User:"))).hasSize(CapifService.values().length);
    }

    @Test
    void securityPageWhenServiceTableThenRolesAndTopicsEqualToTheServiceTable() throws IOException {
        String doc = Files.readString(DOCS.resolve("security.md"));
        for (CapifService s : CapifService.values()) {
            String prefix = "| `" + s.id() + "` | `" + s.role() + "` |";
            assertThat(row(doc, prefix, 0)).as(s.id()).isEqualTo(Row.of(s));
        }
    }

    @Test
    void aclCommandsWhenSecurityPageThenExactlyTheAclsOfTheServiceTable() throws IOException {
        assertThat(commands(Files.readString(DOCS.resolve("security.md")))).isEqualTo(expectedAcls());
    }

    @Test
    void aclCommandsWhenDeploymentGuideThenEveryAclAndBeyondThemReadOnlyGrants() throws IOException {
        Set<String> documented = commands(section(Files.readString(DOCS.resolve("deployment.md")), "## 8. ", "## 9. "));
        Set<String> expected = expectedAcls();
        assertThat(documented).containsAll(expected);
        assertThat(documented.stream().filter(a -> !expected.contains(a)))
                .as("grants ahead of the service table may only read")
                .allMatch(a -> a.contains(" READ TOPIC:") || a.contains(" DESCRIBE TOPIC:"));
    }

    @Test
    void commandParserWhenAGrantIsMissingOrExtraThenTheDifferenceShows() {
        String text = "kafka-acls.sh ... --add --allow-principal User:token-validator --operation Read \\\n"
                + "    --topic capif.invoker-events --group g\n";
        assertThat(commands(text))
                .containsExactlyInAnyOrder(
                        "User:token-validator READ TOPIC:capif.invoker-events", "User:token-validator READ GROUP:g");
        assertThat(expectedAcls())
                .contains("User:provider-management WRITE TOPIC:capif.service-api-events")
                .doesNotContain("User:token-validator WRITE TOPIC:capif.token-revocations");
    }

    private static String section(String doc, String from, String to) {
        int start = doc.indexOf(from);
        return doc.substring(start, doc.indexOf(to, start));
    }

    /** The row starting with {@code prefix}; its cells after {@code skip} more are owns, consumes and groups. */
    private static Row row(String text, String prefix, int skip) {
        String line = text.lines()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + prefix));
        String[] cells = line.substring(prefix.length()).split("\\|");
        return new Row(names(cells[skip]), names(cells[skip + 1]), names(cells[skip + 2]));
    }

    private static Set<String> names(String cell) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The ACLs the {@code kafka-acls.sh --add} commands of a text grant. */
    static Set<String> commands(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String command : text.replace("\\\n", " ").lines().toList()) {
            if (!command.strip().startsWith("kafka-acls.sh")) {
                continue;
            }
            List<String> words = List.of(command.strip().split("\\s+"));
            String principal = null;
            List<String> ops = new ArrayList<>();
            List<String[]> resources = new ArrayList<>();
            for (int i = 0; i + 1 < words.size(); i++) {
                String next = words.get(i + 1);
                switch (words.get(i)) {
                    case "--allow-principal" -> principal = next;
                    case "--operation" -> ops.add(AclOperation.fromString(next).name());
                    case "--topic" -> resources.add(new String[] {ResourceType.TOPIC.name(), next});
                    case "--group" -> resources.add(new String[] {ResourceType.GROUP.name(), next});
                    default -> {}
                }
            }
            for (String[] r : resources) {
                for (String op : ops) {
                    out.add(acl(principal, r[0], r[1], op));
                }
            }
        }
        return out;
    }
}
