package dev.berth.config;

import dev.berth.model.EdgeModel;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** How the internet reaches the environment: its domain and certificate or plain HTTP, the CDN, the firewall and DNS. */
final class EdgeSection implements Section {

    static final Key ALLOW_HTTP = Key.defaulted("allow_http", "bool", "profiles.allow_http",
            "serve plain HTTP on 80 when there is no domain");
    static final Key DOMAIN = Key.of("domain", "domain name", "none", "serve HTTPS for this domain (80 redirects to 443)");
    static final Key CERTIFICATE = Key.of("certificate", "ACM certificate ARN", "a new one, validated by DNS",
            "the domain's certificate; needs domain");

    static final Key CDN = Key.defaulted("cdn", "bool", "environment.edge.cdn",
            "CloudFront in front of the load balancer, which then admits CloudFront alone");
    static final Key WAF = Key.defaulted("waf", "bool", "environment.edge.waf",
            "a web application firewall on the distribution (and on the load balancer where the internet reaches it)");
    static final Key RATE_LIMIT = Key.defaulted("rate_limit", "100–2000000000", "environment.edge.rate_limit",
            "requests per 5 minutes one IP address may send before the firewall blocks it");
    static final Key PRICE_CLASS = Key.defaulted("price_class", "100, 200, all", "environment.edge.price_class",
            "CloudFront's edge locations: 100 (North America, Europe, Israel), 200 (and Asia, Africa...), all");
    static final Key HOSTED_ZONE = Key.of("hosted_zone", "Route 53 hosted zone id", "none",
            "the domain's zone: Berth writes the certificates' validation records and the alias; needs domain");
    static final Key EDGE = Key.of("edge", "mapping", "see its keys", "CDN, firewall and DNS")
            .holding(CDN, WAF, RATE_LIMIT, PRICE_CLASS, HOSTED_ZONE);

    private static final Pattern HOSTED_ZONE_ID = Pattern.compile("Z[A-Z0-9]{1,31}");
    /** A lowercase DNS name: the environment's domain, and its sites'. */
    static final Pattern DOMAIN_NAME = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern CERTIFICATE_ARN = Pattern.compile("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+");

    @Override
    public List<Key> keys(Scope scope) {
        return scope == Scope.ENVIRONMENT ? List.of(ALLOW_HTTP, DOMAIN, CERTIFICATE, EDGE) : List.of();
    }

    @Override
    public Optional<EdgeModel> read(EnvironmentReading environment) {
        Settings settings = environment.settings();
        YamlFields fields = environment.fields();
        Optional<Boolean> allowHttp = fields.bool(settings.get(ALLOW_HTTP.name()), settings.path(ALLOW_HTTP.name()));
        String domain = Optional.ofNullable(settings.get(DOMAIN.name()))
                .flatMap(node -> fields.matching(node, settings.path(DOMAIN.name()), DOMAIN_NAME,
                        "a lowercase domain name such as notes.example.com"))
                .orElse(null);
        String certificate = Optional.ofNullable(settings.get(CERTIFICATE.name()))
                .flatMap(node -> fields.matching(node, settings.path(CERTIFICATE.name()), CERTIFICATE_ARN, "an ACM certificate ARN"))
                .orElse(null);
        if (settings.isWritten(CERTIFICATE.name()) && !settings.isWritten(DOMAIN.name())) {
            fields.problem(settings.at(CERTIFICATE.name()), settings.path(CERTIFICATE.name()), "needs a domain: the"
                    + " certificate is served for the environment's domain");
        }
        Settings edge = settings.nested(EDGE.name(), EDGE.childNames(), fields);
        Optional<Boolean> cdn = fields.bool(edge.get(CDN.name()), edge.path(CDN.name()));
        Optional<Boolean> waf = fields.bool(edge.get(WAF.name()), edge.path(WAF.name()));
        Optional<Integer> rateLimit = fields.integer(edge.get(RATE_LIMIT.name()), edge.path(RATE_LIMIT.name()), 100, 2_000_000_000);
        Optional<EdgeModel.PriceClass> priceClass = fields.oneOf(edge.get(PRICE_CLASS.name()), edge.path(PRICE_CLASS.name()),
                YamlFields.byYamlName(EdgeModel.PriceClass.values(), EdgeModel.PriceClass::yamlName));
        String hostedZone = Optional.ofNullable(edge.written(HOSTED_ZONE.name()))
                .flatMap(node -> fields.matching(node, edge.path(HOSTED_ZONE.name()), HOSTED_ZONE_ID,
                        "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ"))
                .orElse(null);
        if (edge.isWritten(HOSTED_ZONE.name()) && !settings.isWritten(DOMAIN.name())) {
            fields.problem(edge.at(HOSTED_ZONE.name()), edge.path(HOSTED_ZONE.name()), "needs a domain: the zone holds the"
                    + " environment's domain and its certificates' validation records");
        }
        if (!settings.isWritten(DOMAIN.name()) && allowHttp.isPresent() && !allowHttp.get() && cdn.isPresent() && !cdn.get()) {
            Node where = settings.isWritten(ALLOW_HTTP.name()) ? settings.written(ALLOW_HTTP.name()) : environment.key();
            fields.problem(where, settings.path(), "serves nothing: without a domain or a CDN there is no HTTPS listener and"
                    + " allow_http is false; set domain (with an optional certificate), edge.cdn: true or allow_http: true");
        }
        if (allowHttp.isEmpty() || cdn.isEmpty() || waf.isEmpty() || rateLimit.isEmpty() || priceClass.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EdgeModel(domain, certificate, allowHttp.get(), hostedZone,
                cdn.get() ? new EdgeModel.Cdn(priceClass.get()) : null, waf.get() ? new EdgeModel.Waf(rateLimit.get()) : null));
    }
}
