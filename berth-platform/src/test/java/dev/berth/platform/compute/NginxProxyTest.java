package dev.berth.platform.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The generator alone: its defaults, its refusals, and the same text for the same props. berth-cli's NginxProxyTest runs
 * the configuration in nginx in front of Notejam.
 */
class NginxProxyTest {

    static NginxProxy.Props.Builder inVpc() {
        return NginxProxy.Props.builder().trustedProxyRange("10.0.0.0/16");
    }

    @Test
    void theDefaultsPutNginxOn8088InFrontOfAnAppOn8080WithATenMebibyteLimitUnderTmp() {
        NginxProxy.Props props = inVpc().build();
        assertThat(props).isEqualTo(new NginxProxy.Props(8088, 8080, "/", "10.0.0.0/16", 10, "/tmp/nginx"));

        String config = new NginxProxy(props).config();
        assertThat(config)
                .contains("daemon off;")
                .contains("pid /tmp/nginx/nginx.pid;")
                .contains("client_body_temp_path /tmp/nginx/client_body;", "proxy_temp_path /tmp/nginx/proxy;")
                .contains("listen 8088;")
                .contains("server 127.0.0.1:8080;")
                .contains("client_max_body_size 10m;")
                .contains("set_real_ip_from 10.0.0.0/16;", "real_ip_header X-Forwarded-For;", "real_ip_recursive on;")
                .contains("location = / {")
                .contains("server_tokens off;")
                .contains("access_log /dev/stdout json;", "error_log stderr warn;");
    }

    @Test
    void everyPropReachesItsDirective() {
        String config = new NginxProxy(NginxProxy.Props.builder()
                .listenPort(9000)
                .appPort(3000)
                .healthCheckPath("/actuator/health/readiness")
                .trustedProxyRange("10.1.0.0/16")
                .maxRequestBodyMiB(25)
                .runtimeDirectory("/run/proxy")
                .build()).config();
        assertThat(config)
                .contains("listen 9000;")
                .contains("server 127.0.0.1:3000;")
                .contains("location = /actuator/health/readiness {")
                .contains("set_real_ip_from 10.1.0.0/16;", "    10.1.0.0/16 1;")
                .contains("client_max_body_size 25m;")
                .contains("pid /run/proxy/nginx.pid;", "scgi_temp_path /run/proxy/scgi;")
                .doesNotContain("/tmp/nginx", "8088", "8080", "10.0.0.0/16");
        assertThat(Pattern.compile("\\{[A-Za-z]+\\}").matcher(config).find()).as("a placeholder left").isFalse();
    }

    @Test
    void nginxKeepsAnIdleConnectionOpenLongerThanTheLoadBalancerAndWaitsForTheAppAsLongAsIt() {
        String config = new NginxProxy(inVpc().build()).config();
        assertThat(NginxProxy.KEEPALIVE_TIMEOUT_SECONDS).isGreaterThan(NginxProxy.LOAD_BALANCER_IDLE_TIMEOUT_SECONDS);
        assertThat(config)
                .contains("keepalive_timeout 75s;")
                .contains("proxy_read_timeout 60s;", "proxy_send_timeout 60s;", "client_body_timeout 60s;", "send_timeout 60s;");
    }

    @Test
    void theForwardedHeadersAreTheLoadBalancersNotNginxsOwnScheme() {
        String config = new NginxProxy(inVpc().build()).config();
        assertThat(config)
                .contains("proxy_set_header X-Forwarded-Proto $forwarded_proto;", "1 $http_x_forwarded_proto;")
                .contains("proxy_set_header X-Forwarded-For $forwarded_for;", "proxy_set_header X-Real-IP $remote_addr;")
                .contains("proxy_set_header Host $http_host;")
                .doesNotContain("X-Forwarded-Proto $scheme");
    }

    @Test
    void compressesTheTextTypesAboveAKibibyteEvenForRequestsThatCameThroughAProxy() {
        String config = new NginxProxy(inVpc().build()).config();
        assertThat(config).contains("gzip on;", "gzip_min_length 1024;", "gzip_proxied any;", "gzip_vary on;",
                "gzip_types text/plain text/css text/javascript application/javascript application/json image/svg+xml;");
    }

    @Test
    void theSamePropsMakeTheSameBytes() {
        NginxProxy.Props props = inVpc().healthCheckPath("/health").build();
        assertThat(new NginxProxy(props).config()).isEqualTo(new NginxProxy(inVpc().healthCheckPath("/health").build()).config());
        assertThat(new NginxProxy(props).containerCommand()).isEqualTo(new NginxProxy(props).containerCommand());
    }

    @Test
    void theContainerWritesTheConfigurationFromItsVariableAndExecsNginxWithoutASecondDaemonOff() {
        List<String> command = new NginxProxy(inVpc().runtimeDirectory("/var/run/edge").build()).containerCommand();
        assertThat(command).containsExactly("sh", "-c", "mkdir -p /var/run/edge && printf '%s' \"$NGINX_CONF\" >"
                + " /var/run/edge/nginx.conf && exec nginx -c /var/run/edge/nginx.conf -e stderr");
        assertThat(NginxProxy.CONFIG_VARIABLE).isEqualTo("NGINX_CONF");
    }

    @Test
    void nginxCannotTakeTheAppsPort() {
        assertThatThrownBy(() -> inVpc().listenPort(8080).appPort(8080).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nginx cannot listen on 8080, the app's port: the containers of a task share localhost, so nginx"
                        + " needs a port of its own (listenPort)");
    }

    @Test
    void refusesPortsOutsideTcps() {
        assertThatThrownBy(() -> inVpc().listenPort(0).build()).hasMessage("listenPort 0: a TCP port is 1 to 65535");
        assertThatThrownBy(() -> inVpc().appPort(65536).build()).hasMessage("appPort 65536: a TCP port is 1 to 65535");
    }

    @Test
    void refusesAHealthCheckPathNginxWouldNotMatchAsWritten() {
        for (String path : List.of("", "health", "/health?full=1", "/a b", "/%61", "/x;", "/{x}")) {
            assertThatThrownBy(() -> inVpc().healthCheckPath(path).build()).as(path)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("health check path " + path + ": ");
        }
        assertThatThrownBy(() -> inVpc().healthCheckPath(null).build()).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theTrustedRangeIsAnIpv4CidrWithoutHostBits() {
        assertThatThrownBy(() -> NginxProxy.Props.builder().build()).isInstanceOf(NullPointerException.class)
                .hasMessage("trustedProxyRange");
        assertThatThrownBy(() -> inVpc().trustedProxyRange("10.0.0.0").build())
                .hasMessage("trusted proxy range 10.0.0.0: an IPv4 CIDR such as 10.0.0.0/16");
        assertThatThrownBy(() -> inVpc().trustedProxyRange("fd00::/8").build())
                .hasMessage("trusted proxy range fd00::/8: an IPv4 CIDR such as 10.0.0.0/16");
        assertThatThrownBy(() -> inVpc().trustedProxyRange("10.0.256.0/24").build())
                .hasMessage("trusted proxy range 10.0.256.0/24: 256 is no octet");
        assertThatThrownBy(() -> inVpc().trustedProxyRange("10.0.0.0/33").build())
                .hasMessage("trusted proxy range 10.0.0.0/33: a prefix is 0 to 32 bits");
        assertThatThrownBy(() -> inVpc().trustedProxyRange("10.0.1.0/16").build())
                .hasMessage("trusted proxy range 10.0.1.0/16: the address has bits set past the /16 prefix");
        assertThat(inVpc().trustedProxyRange("127.0.0.1/32").build().trustedProxyRange()).isEqualTo("127.0.0.1/32");
        assertThat(inVpc().trustedProxyRange("0.0.0.0/0").build().trustedProxyRange()).isEqualTo("0.0.0.0/0");
    }

    @Test
    void aLimitOfZeroWouldBeNoLimit() {
        assertThatThrownBy(() -> inVpc().maxRequestBodyMiB(0).build())
                .hasMessage("maxRequestBodyMiB 0: at least 1 (nginx reads 0 as no limit)");
    }

    @Test
    void theRuntimeDirectoryIsAnAbsoluteNormalizedPathTheShellNeedsNoQuotesFor() {
        for (String directory : List.of("tmp/nginx", "/tmp/nginx/", "/tmp/../nginx", "/tmp//nginx", "/tmp/my nginx", "/tmp/$x", "/")) {
            assertThatThrownBy(() -> inVpc().runtimeDirectory(directory).build()).as(directory)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("runtime directory " + directory + ": an absolute, normalized path of letters, digits and . _ / -");
        }
    }
}
