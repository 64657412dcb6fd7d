package dev.berth.config;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.Sites;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Single-page sites (a built directory with its index.html) served from a private bucket through CloudFront, with
 * client-side routing: declared once, each environment serving them at its own domain (or CloudFront's address).
 */
final class SitesSection implements Section {

    static final Key NAME = Key.of("name", "name (a-z, 0-9, -; ≤ 30)", "required", "unique in the file");
    static final Key DIRECTORY = Key.of("directory", "directory", "required",
            "the built site berth push uploads (relative to berth.yaml), index.html at its root");
    static final Key DOMAIN = Key.of("domain", "domain name", "CloudFront's address",
            "the domain it is served at; an environment may set its own");
    static final Key SITES = Key.of("sites", "list", "none", "single-page sites, each behind its own distribution")
            .listOf(NAME, DIRECTORY, DOMAIN);
    static final Key ENVIRONMENT_DOMAIN = Key.of("domain", "domain name", "the site's", "this environment's domain for the site");
    static final Key OVERRIDES = Key.of("sites", "mapping of site names", "none", "per-site settings in this environment")
            .named("SITE", ENVIRONMENT_DOMAIN);

    private static final Pattern SITE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,29}");
    private static final String DOMAIN_EXPECTATION = "a lowercase domain name such as docs.example.com";

    private record Declared(String name, Path directory, String domain) {
    }

    private final Map<String, Declared> declared = new LinkedHashMap<>();
    /** Where each environment's domain for a site was written, for the check across environments. */
    private final Map<String, Node> domainNodes = new HashMap<>();
    private boolean valid = true;

    @Override
    public List<Key> keys(Scope scope) {
        return scope == Scope.FILE ? List.of(SITES) : List.of(OVERRIDES);
    }

    @Override
    public void readFile(FileReading file) {
        Node list = file.top.get(SITES.name());
        if (YamlFields.isNull(list)) {
            return;
        }
        YamlFields fields = file.fields;
        int problemsBefore = fields.problems().size();
        List<Node> items = fields.sequence(list, SITES.name());
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String path = SITES.name() + "[" + i + "]";
            Map<String, Node> entries = fields.mapping(item, path, SITES.childNames());
            Optional<String> name = fields.required(entries, item, path, NAME.name())
                    .flatMap(node -> fields.matching(node, YamlFields.join(path, NAME.name()), SITE_NAME,
                            "a lowercase name of letters, digits and '-', starting with a letter, at most 30 characters"));
            String sitePath = name.map(value -> SITES.name() + "." + value).orElse(path);
            Optional<String> directory = fields.required(entries, item, sitePath, DIRECTORY.name())
                    .flatMap(node -> fields.text(node, YamlFields.join(sitePath, DIRECTORY.name())));
            String domain = Optional.ofNullable(entries.get(DOMAIN.name()))
                    .flatMap(node -> fields.matching(node, YamlFields.join(sitePath, DOMAIN.name()), EdgeSection.DOMAIN_NAME,
                            DOMAIN_EXPECTATION))
                    .orElse(null);
            if (name.isEmpty() || directory.isEmpty()) {
                continue;
            }
            if (declared.containsKey(name.get())) {
                fields.problem(entries.get(NAME.name()), YamlFields.join(sitePath, NAME.name()), "duplicate site name '" + name.get() + "'");
                continue;
            }
            declared.put(name.get(), new Declared(name.get(), file.baseDirectory().resolve(directory.get()).normalize(), domain));
            if (domain != null) {
                domainNodes.put("*/" + name.get(), entries.get(DOMAIN.name()));
            }
        }
        valid = fields.problems().size() == problemsBefore;
    }

    @Override
    public Optional<Sites> read(EnvironmentReading environment) {
        YamlFields fields = environment.fields();
        Settings settings = environment.settings();
        String path = settings.path(OVERRIDES.name());
        Map<String, String> domains = new HashMap<>();
        boolean complete = valid;
        for (Map.Entry<String, YamlFields.MappingEntry> entry : fields.namedEntries(settings.written(OVERRIDES.name()), path).entrySet()) {
            String name = entry.getKey();
            String sitePath = path + "." + name;
            if (!declared.containsKey(name)) {
                fields.problem(entry.getValue().key(), sitePath, "no site '" + name + "' in the file"
                        + YamlFields.didYouMean(name, declared.keySet()) + "; expected one of " + String.join(", ", declared.keySet()));
                complete = false;
                continue;
            }
            Map<String, Node> entries = fields.mapping(entry.getValue().value(), sitePath, OVERRIDES.childNames());
            Node domainNode = entries.get(ENVIRONMENT_DOMAIN.name());
            if (domainNode != null) {
                Optional<String> domain = fields.matching(domainNode, YamlFields.join(sitePath, ENVIRONMENT_DOMAIN.name()),
                        EdgeSection.DOMAIN_NAME, DOMAIN_EXPECTATION);
                domain.ifPresent(value -> domains.put(name, value));
                domainNodes.put(environment.naming().environment() + "/" + name, domainNode);
                complete &= domain.isPresent();
            }
        }
        if (!complete) {
            return Optional.empty();
        }
        List<Sites.Site> sites = new ArrayList<>();
        declared.values().forEach(site -> sites.add(new Sites.Site(site.name(), site.directory(),
                domains.getOrDefault(site.name(), site.domain()))));
        return Optional.of(new Sites(sites));
    }

    /** A domain is served by one distribution: two environments cannot serve a site at the same one. */
    @Override
    public void checkAcross(List<EnvironmentModel> environments, FileReading file) {
        Map<String, String> servedBy = new HashMap<>();
        for (EnvironmentModel environment : environments) {
            for (Sites.Site site : environment.find(Sites.class).map(Sites::all).orElse(List.of())) {
                if (site.domain() == null) {
                    continue;
                }
                String first = servedBy.putIfAbsent(site.domain(), environment.name());
                if (first != null) {
                    String key = environment.name() + "/" + site.name();
                    Node where = domainNodes.getOrDefault(key, domainNodes.get("*/" + site.name()));
                    file.fields.problem(where, "environments." + environment.name() + ".sites." + site.name() + ".domain",
                            "environments " + first + " and " + environment.name() + " both serve site " + site.name() + " at "
                                    + site.domain() + "; give this environment its own domain for it");
                }
            }
        }
    }
}
