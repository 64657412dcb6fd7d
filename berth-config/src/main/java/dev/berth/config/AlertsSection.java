package dev.berth.config;

import dev.berth.model.Alerts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Where alarms are sent: e-mail addresses for every environment, or an environment's own. */
final class AlertsSection implements Section {

    static final Key EMAIL = Key.of("email", "list of e-mail addresses", "none",
            "subscribed to the environment's alert topic; each address confirms once");
    static final Key ALERTS = Key.of("alerts", "mapping", "none", "where every environment's alarms are sent").holding(EMAIL);
    static final Key ENVIRONMENT_ALERTS = Key.of("alerts", "mapping, as the top-level alerts", "the top-level alerts",
            "where this environment's alarms are sent, instead").holding(EMAIL);

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private Optional<List<String>> fileEmails = Optional.of(List.of());

    @Override
    public List<Key> keys(Scope scope) {
        return scope == Scope.FILE ? List.of(ALERTS) : List.of(ENVIRONMENT_ALERTS);
    }

    @Override
    public void readFile(FileReading file) {
        Node node = file.top.get(ALERTS.name());
        if (!YamlFields.isNull(node)) {
            fileEmails = emails(node, ALERTS.name(), file.fields);
        }
    }

    @Override
    public Optional<Alerts> read(EnvironmentReading environment) {
        Settings settings = environment.settings();
        Node own = settings.written(ENVIRONMENT_ALERTS.name());
        Optional<List<String>> emails = own != null
                ? emails(own, settings.path(ENVIRONMENT_ALERTS.name()), environment.fields()) : fileEmails;
        return emails.map(Alerts::new);
    }

    private static Optional<List<String>> emails(Node node, String path, YamlFields fields) {
        Map<String, Node> entries = fields.mapping(node, path, ALERTS.childNames());
        if (!entries.containsKey(EMAIL.name())) {
            return Optional.of(List.of());
        }
        String listPath = YamlFields.join(path, EMAIL.name());
        List<String> emails = new ArrayList<>();
        boolean valid = true;
        List<Node> items = fields.sequence(entries.get(EMAIL.name()), listPath);
        for (int i = 0; i < items.size(); i++) {
            Optional<String> address = fields.matching(items.get(i), listPath + "[" + i + "]", ADDRESS, "an e-mail address");
            address.ifPresent(emails::add);
            valid &= address.isPresent();
        }
        return valid ? Optional.of(emails) : Optional.empty();
    }
}
