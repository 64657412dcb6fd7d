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
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Sites, each behind its own CloudFront distribution, declared once and served by each environment at its own domain
 * (or CloudFront's address): single-page sites (a built directory with its index.html) from a private bucket, with
 * client-side routing; or sites rendered by a service, which is then the site's front end.
 */
final class SitesSection implements Section {

    static final Key NAME = Key.of("name", "name (a-z, 0-9, -; ≤ 30)", "required", "unique in the file");
    static final Key DIRECTORY = Key.of("directory", "directory", "none",
            "a single-page site: the built files berth push uploads (relative to berth.yaml), index.html at its root");
    static final Key SERVICE = Key.of("service", "service name", "none",
            "a site rendered by this service (its front end), behind the site's own distribution; a site has directory or service");
    static final Key DOMAIN = Key.of("domain", "domain name", "CloudFront's address",
            "the domain it is served at; an environment may set its own");
    static final Key SITES = Key.of("sites", "list", "none",
            "single-page sites and sites rendered by a service, each behind its own distribution").listOf(NAME, DIRECTORY, SERVICE, DOMAIN);
    static final Key ENVIRONMENT_DOMAIN = Key.of("domain", "domain name", "the site's", "this environment's domain for the site");
    static final Key OVERRIDES = Key.of("sites", "mapping of site names", "none", "per-site settings in this environment")
            .named("SITE", ENVIRONMENT_DOMAIN);

    /** The rules of the sites' front ends take the load balancer's priorities 1 to 9, below the first path rule (10). */
    static final int MAX_RENDERED = 9;
    private static final Pattern SITE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,29}");
    private static final String DOMAIN_EXPECTATION = "a lowercase domain name such as docs.example.com";

    /** A site as the file declares it: a directory (a single-page site) or a service (its front end). */
    private record Declared(String name, Path directory, String service, String domain) {
    }

    /** Where a site names its service, to point a problem found once the environments are read. */
    private final Map<String, Node> serviceNodes = new HashMap<>();

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
            Optional<String> directory = Optional.ofNullable(entries.get(DIRECTORY.name()))
                    .flatMap(node -> fields.text(node, YamlFields.join(sitePath, DIRECTORY.name())));
            Optional<String> service = Optional.ofNullable(entries.get(SERVICE.name()))
                    .flatMap(node -> fields.text(node, YamlFields.join(sitePath, SERVICE.name())));
            if (entries.containsKey(DIRECTORY.name()) && entries.containsKey(SERVICE.name())) {
                fields.problem(entries.get(SERVICE.name()), YamlFields.join(sitePath, SERVICE.name()), "a site is either a"
                        + " single-page site (directory) or rendered by a service (service), not both; leave one out");
                continue;
            }
            if (!entries.containsKey(DIRECTORY.name()) && !entries.containsKey(SERVICE.name()) && item instanceof MappingNode) {
                fields.problem(item, sitePath, "expected directory (a single-page site's built files) or service (the service"
                        + " that renders the site)");
                continue;
            }
            if (service.isPresent() && !frontEndService(service.get(), entries.get(SERVICE.name()), YamlFields.join(sitePath,
                    SERVICE.name()), file)) {
                continue;
            }
            String domain = Optional.ofNullable(entries.get(DOMAIN.name()))
                    .flatMap(node -> fields.matching(node, YamlFields.join(sitePath, DOMAIN.name()), EdgeSection.DOMAIN_NAME,
                            DOMAIN_EXPECTATION))
                    .orElse(null);
            if (name.isEmpty() || (directory.isEmpty() && service.isEmpty())) {
                continue;
            }
            if (declared.containsKey(name.get())) {
                fields.problem(entries.get(NAME.name()), YamlFields.join(sitePath, NAME.name()), "duplicate site name '" + name.get() + "'");
                continue;
            }
            declared.put(name.get(), new Declared(name.get(), directory.map(value -> file.baseDirectory().resolve(value).normalize())
                    .orElse(null), service.orElse(null), domain));
            service.ifPresent(value -> serviceNodes.put(name.get(), entries.get(SERVICE.name())));
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
        List<Sites.Rendered> rendered = new ArrayList<>();
        for (Declared site : declared.values()) {
            String domain = domains.getOrDefault(site.name(), site.domain());
            if (site.service() != null) {
                rendered.add(new Sites.Rendered(site.name(), site.service(), domain));
            } else {
                sites.add(new Sites.Site(site.name(), site.directory(), domain));
            }
        }
        return Optional.of(new Sites(sites, rendered));
    }

    /** A domain is served by one distribution: two environments cannot serve a site at the same one. */
    @Override
    public void checkAcross(List<EnvironmentModel> environments, FileReading file) {
        Map<String, String> servedBy = new HashMap<>();
        for (EnvironmentModel environment : environments) {
            Sites sites = environment.find(Sites.class).orElse(null);
            if (sites == null) {
                continue;
            }
            Map<String, String> domains = new LinkedHashMap<>();
            sites.all().forEach(site -> domains.put(site.name(), site.domain()));
            sites.rendered().forEach(site -> domains.put(site.name(), site.domain()));
            domains.forEach((site, domain) -> {
                if (domain == null) {
                    return;
                }
                String first = servedBy.putIfAbsent(domain, environment.name());
                if (first != null) {
                    file.fields.problem(domainNode(environment, site), "environments." + environment.name() + ".sites." + site
                            + ".domain", "environments " + first + " and " + environment.name() + " both serve site " + site + " at "
                                    + domain + "; give this environment its own domain for it");
                }
            });
            sites.rendered().forEach(site -> checkRendered(environment, site, file.fields));
        }
    }

    private Node domainNode(EnvironmentModel environment, String site) {
        return domainNodes.getOrDefault(environment.name() + "/" + site, domainNodes.get("*/" + site));
    }

    /**
     * What a rendered site needs of its environment: the CDN, whose origin header is all that keeps users from reaching the
     * front end around the site's distribution and its firewall; and, where the load balancer serves HTTPS, a domain of
     * its own, which CloudFront forwards as the Host the load balancer's certificate for the site must match.
     */
    private void checkRendered(EnvironmentModel environment, Sites.Rendered site, YamlFields fields) {
        String path = SITES.name() + "." + site.name() + "." + SERVICE.name();
        Node where = serviceNodes.get(site.name());
        if (environment.edge().distribution().isEmpty()) {
            fields.problem(where, path, "site " + site.name() + " is rendered by " + site.service() + ", which its distribution"
                    + " reaches with the origin header, and the environment " + environment.name() + " has none without a CDN:"
                    + " leave edge.cdn on (true) there");
            return;
        }
        boolean onLoadBalancer = environment.services().named(site.service())
                .map(service -> !(service.runtime() instanceof dev.berth.model.Runtime.AppRunner)).orElse(false);
        if (onLoadBalancer && environment.edge().https() && site.domain() == null) {
            fields.problem(where, path, "site " + site.name() + " is rendered by " + site.service() + " behind the load balancer,"
                    + " which serves HTTPS in " + environment.name() + ": CloudFront forwards the site's domain as the Host the load"
                    + " balancer's certificate must match, so give the site a domain there (environments." + environment.name()
                    + ".sites." + site.name() + ".domain)");
        }
    }

    /** The service a rendered site names: one of the file's, routed (not internal), and no other site's front end. */
    private boolean frontEndService(String service, Node node, String path, FileReading file) {
        YamlFields fields = file.fields;
        Map<String, Boolean> internalByName = declaredServices(file.top.get(ServicesSection.SERVICES.name()));
        if (!internalByName.containsKey(service)) {
            fields.problem(node, path, "no service '" + service + "' in the file" + YamlFields.didYouMean(service, internalByName.keySet())
                    + "; expected one of " + String.join(", ", internalByName.keySet()));
            return false;
        }
        if (internalByName.get(service)) {
            fields.problem(node, path, service + " is internal (no route from outside); a site's front end is reached through the"
                    + " site's distribution: leave internal out");
            return false;
        }
        if (declared.values().stream().filter(other -> other.service() != null).count() >= MAX_RENDERED) {
            fields.problem(node, path, "the load balancer's rules for sites' front ends come before its path rules, which leaves"
                    + " room for " + MAX_RENDERED + " sites rendered by a service; this is one more");
            return false;
        }
        for (Declared other : declared.values()) {
            if (service.equals(other.service())) {
                fields.problem(node, path, service + " already renders site " + other.name() + "; a service is one site's front"
                        + " end: give this site a service of its own");
                return false;
            }
        }
        return true;
    }

    /** The file's services by name, each with whether it is internal, as written (the services section checks them). */
    private static Map<String, Boolean> declaredServices(Node services) {
        Map<String, Boolean> names = new LinkedHashMap<>();
        if (!(services instanceof SequenceNode list)) {
            return names;
        }
        for (Node item : list.getValue()) {
            if (!(item instanceof MappingNode mapping)) {
                continue;
            }
            String name = null;
            boolean internal = false;
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && tuple.getValueNode() instanceof ScalarNode value) {
                    if (key.getValue().equals(ServicesSection.NAME.name())) {
                        name = value.getValue();
                    } else if (key.getValue().equals(ServicesSection.INTERNAL.name())) {
                        internal = value.getValue().equals("true");
                    }
                }
            }
            if (name != null) {
                names.putIfAbsent(name, internal);
            }
        }
        return names;
    }
}
