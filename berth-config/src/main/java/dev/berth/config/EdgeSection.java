package dev.berth.config;

import dev.berth.model.EdgeModel;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** How the internet reaches the environment: its domain and certificate, or plain HTTP. */
final class EdgeSection implements Section {

    static final Key ALLOW_HTTP = Key.defaulted("allow_http", "bool", "profiles.allow_http",
            "serve plain HTTP on 80 when there is no domain");
    static final Key DOMAIN = Key.of("domain", "domain name", "none", "serve HTTPS for this domain (80 redirects to 443)");
    static final Key CERTIFICATE = Key.of("certificate", "ACM certificate ARN", "a new one, validated by DNS",
            "the domain's certificate; needs domain");

    private static final Pattern DOMAIN_NAME = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern CERTIFICATE_ARN = Pattern.compile("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+");

    @Override
    public List<Key> keys(Scope scope) {
        return scope == Scope.ENVIRONMENT ? List.of(ALLOW_HTTP, DOMAIN, CERTIFICATE) : List.of();
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
        if (!settings.isWritten(DOMAIN.name()) && allowHttp.isPresent() && !allowHttp.get()) {
            Node where = settings.isWritten(ALLOW_HTTP.name()) ? settings.written(ALLOW_HTTP.name()) : environment.key();
            fields.problem(where, settings.path(), "serves nothing: without a domain there is no HTTPS listener and"
                    + " allow_http is false; set domain (with an optional certificate) or allow_http: true");
        }
        return allowHttp.map(http -> new EdgeModel(domain, certificate, http));
    }
}
