package dev.berth.platform.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.CacheModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.ServiceModel;
import dev.berth.platform.Environments;
import dev.berth.platform.Synthesized;
import dev.berth.platform.data.DataMapping;
import dev.berth.platform.diagram.Diagram.EdgeKind;
import dev.berth.platform.network.Flow;
import dev.berth.platform.network.TrafficGraph;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The diagrams of every environment Berth ships: what they show, that each file is what its readers take, and stable. */
class DiagramTest {

    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    /** One environment's diagram, written beside its templates. */
    private record Drawn(Synthesized environment, Diagram diagram, String svg, String mermaid, String drawio) {

        static Drawn of(Synthesized environment) {
            Diagram diagram = DiagramFiles.write(environment.model(), environment.assembly(), environment.outdir(), false);
            return new Drawn(environment, diagram, read(environment.outdir().resolve(DiagramFiles.SVG)),
                    read(environment.outdir().resolve(DiagramFiles.MERMAID)), read(environment.outdir().resolve(DiagramFiles.DRAWIO)));
        }

        EnvironmentModel model() {
            return environment.model();
        }

        TrafficGraph traffic() {
            return environment.assembly().traffic();
        }
    }

    private static List<DynamicTest> forEveryEnvironment(Consumer<Drawn> check) {
        return Environments.shipped().stream().map(labelled -> DynamicTest.dynamicTest(labelled.label(),
                () -> check.accept(Drawn.of(labelled.environment())))).toList();
    }

    @TestFactory
    List<DynamicTest> theSvgIsSelfContained() {
        return forEveryEnvironment(drawn -> {
            Document svg = parse(drawn.svg());
            assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
            assertThat(svg.getDocumentElement().getAttribute("viewBox")).matches("0 0 [0-9.]+ [0-9.]+");
            for (String fetching : List.of("script", "image", "style", "foreignObject", "use")) {
                assertThat(svg.getElementsByTagNameNS("*", fetching).getLength()).as(fetching).isZero();
            }
            assertThat(drawn.svg()).doesNotContain("href").doesNotContain("@font-face").doesNotContainPattern("url\\((?!#)")
                    .contains("font-family=\"DejaVu Sans, Arial, sans-serif\"");
            assertThat(text(svg)).startsWith(drawn.model().naming().project() + " " + drawn.model().name() + " — "
                    + drawn.model().network().zones().size() + " AZs, " + drawn.model().network().cidr());
        });
    }

    @TestFactory
    List<DynamicTest> everyServiceAndResourceHasALabelledNode() {
        return forEveryEnvironment(drawn -> {
            Document svg = parse(drawn.svg());
            EnvironmentModel model = drawn.model();
            for (ServiceModel service : model.services().all()) {
                ServiceModel.Capacity capacity = service.capacity();
                assertThat(nodeText(svg, "service-" + service.name())).startsWith(service.name())
                        .contains(capacity.size().yamlName() + " · ").contains("–" + capacity.maxTasks() + " " + service.runtime().units());
            }
            assertThat(nodeText(svg, "load-balancer")).contains("Load balancer");
            assertThat(nodeText(svg, "vpc")).startsWith("VPC " + model.network().cidr() + " · " + model.network().zones().size() + " AZs");
            if (DataMapping.hasDatabase(model)) {
                assertThat(nodeText(svg, "database")).contains(model.database().instanceClass())
                        .contains(model.database().multiAz() ? "Multi-AZ" : "single-AZ");
            }
            model.find(CacheModel.class).ifPresent(cache -> assertThat(nodeText(svg, "cache")).contains(cache.nodeType()));
            if (model.edge().distribution().isPresent()) {
                assertThat(nodeText(svg, "cloudfront")).startsWith("CloudFront");
            }
            if (model.edge().firewall().isPresent()) {
                assertThat(nodeText(svg, "firewall")).startsWith("WAF");
            }
            int nat = model.network().natGateways();
            if (nat > 0) {
                assertThat(nodeText(svg, "nat")).startsWith(nat == 1 ? "NAT gateway" : "NAT gateways × " + nat);
            } else {
                assertThat(svg.getElementById("nat")).isNull();
            }
            if (model.network().interfaceEndpoints()) {
                assertThat(nodeText(svg, "interface-endpoints")).contains("ecr.api");
            }
        });
    }

    @TestFactory
    List<DynamicTest> everyFlowIsDrawnOnExactlyOneEdge() {
        return forEveryEnvironment(drawn -> {
            Set<String> flows = new HashSet<>();
            drawn.traffic().flows().forEach(flow -> flows.add(key(flow)));
            List<String> onEdges = new ArrayList<>();
            drawn.diagram().edges().forEach(edge -> edge.flows().forEach(flow -> onEdges.add(key(flow))));
            assertThat(onEdges).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(flows);

            NodeList lines = parse(drawn.svg()).getElementsByTagNameNS(SVG_NS, "polyline");
            List<String> drawnFlows = new ArrayList<>();
            for (int i = 0; i < lines.getLength(); i++) {
                String attribute = ((Element) lines.item(i)).getAttribute("data-flows");
                if (!attribute.isEmpty()) {
                    drawnFlows.addAll(List.of(attribute.split("; ")));
                }
            }
            assertThat(drawnFlows).containsExactlyInAnyOrderElementsOf(flows);
            for (Diagram.Edge edge : drawn.diagram().edges()) {
                edge.flows().forEach(flow -> assertThat(edge.label().getFirst()).contains(flow.protocol().name() + " ")
                        .contains(String.valueOf(flow.port())));
            }
        });
    }

    @TestFactory
    List<DynamicTest> theMermaidChartHasASubgraphPerTierAndALinePerEdge() {
        return forEveryEnvironment(drawn -> {
            String mermaid = drawn.mermaid();
            assertThat(mermaid).contains("\nflowchart TD\n").contains("subgraph vpc[").contains("subgraph public_subnets[")
                    .contains("subgraph compute_subnets[");
            if (DataMapping.hasDatabase(drawn.model())) {
                assertThat(mermaid).contains("subgraph data_subnets[");
            }
            for (Diagram.Edge edge : drawn.diagram().edges()) {
                String arrow = edge.kind() == EdgeKind.PROTECTS ? " -.-> " : " -->";
                String label = edge.label().isEmpty() ? "" : "|\"" + String.join("<br/>", edge.label()) + "\"|";
                assertThat(mermaid).contains("  " + MermaidWriter.id(edge.from()) + arrow + label + (label.isEmpty() ? "" : " ")
                        + MermaidWriter.id(edge.to()) + "\n");
            }
            assertThat(mermaid.lines().filter(line -> line.contains("-->") || line.contains("-.->")))
                    .hasSize(drawn.diagram().edges().size());
        });
    }

    @TestFactory
    List<DynamicTest> theDrawioFileHasAVertexPerNodeAndAnEdgePerConnection() {
        return forEveryEnvironment(drawn -> {
            Document drawio = parse(drawn.drawio());
            assertThat(drawio.getDocumentElement().getTagName()).isEqualTo("mxfile");
            NodeList cells = drawio.getElementsByTagName("mxCell");
            List<String> vertices = new ArrayList<>();
            List<String> edges = new ArrayList<>();
            for (int i = 0; i < cells.getLength(); i++) {
                Element cell = (Element) cells.item(i);
                if (cell.getAttribute("vertex").equals("1")) {
                    vertices.add(cell.getAttribute("id"));
                    assertThat(cell.getElementsByTagName("mxGeometry").getLength()).isOne();
                } else if (cell.getAttribute("edge").equals("1")) {
                    edges.add(cell.getAttribute("source") + ">" + cell.getAttribute("target"));
                }
            }
            assertThat(vertices).containsAll(drawn.diagram().allNodes().stream().map(Diagram.Node::id).toList());
            assertThat(edges).containsExactlyElementsOf(drawn.diagram().edges().stream().map(edge -> edge.from() + ">" + edge.to()).toList());
            assertThat(drawn.diagram().edges().stream().filter(edge -> edge.kind() == EdgeKind.FLOW).count())
                    .isEqualTo(drawn.traffic().flows().stream().map(flow -> flow.from() + ">" + flow.to()).distinct().count());
        });
    }

    @TestFactory
    List<DynamicTest> theSameEnvironmentGivesTheSameBytes() {
        return forEveryEnvironment(drawn -> {
            Drawn again = Drawn.of(drawn.environment());
            assertThat(again.svg()).isEqualTo(drawn.svg());
            assertThat(again.mermaid()).isEqualTo(drawn.mermaid());
            assertThat(again.drawio()).isEqualTo(drawn.drawio());
        });
    }

    @Test
    void theNodesNameTheCostEstimatesGroups() {
        assertThat(Drawn.of(Synthesized.shipped("dev")).diagram().nodeGroups()).containsExactlyInAnyOrder("edge", "firewall",
                "network", "load balancer", "web", "database", "operations", "security", "secrets", "storage");
        assertThat(Drawn.of(Synthesized.example("multi-service", "prod")).diagram().nodeGroups())
                .contains("web", "api", "ledger", "cache", "kong");
        assertThat(Drawn.of(Synthesized.example("kubernetes", "dev")).diagram().nodeGroups())
                .contains("cluster control plane", "cluster workers", "reports").doesNotContain("web", "search");
        assertThat(Drawn.of(Synthesized.example("ec2", "dev")).diagram().nodeGroups()).contains("instances", "worker")
                .doesNotContain("web", "api");
        assertThat(Drawn.of(Synthesized.example("apprunner", "dev")).diagram().nodeGroups()).contains("front end", "api")
                .doesNotContain("web-frontend");
    }

    @Test
    void theServicesRunOnTheirHosts() {
        Diagram kubernetes = Drawn.of(Synthesized.example("kubernetes", "dev")).diagram();
        assertThat(node(kubernetes, "workers").children()).extracting(Diagram.Node::id).containsExactly("service-web", "service-search");
        assertThat(node(kubernetes, "compute-subnets").children()).extracting(Diagram.Node::id).contains("service-reports", "workers");
        Diagram ec2 = Drawn.of(Synthesized.example("ec2", "prod")).diagram();
        assertThat(node(ec2, "instances").children()).extracting(Diagram.Node::id)
                .containsExactly("service-web", "service-api", "service-worker");
    }

    @Test
    void detailShowsThePlumbingAndWhyEachFlowExists() {
        Synthesized dev = Synthesized.shipped("dev");
        Diagram plain = Diagram.of(dev.model(), dev.assembly().traffic(), Inventory.read(dev.outdir(), dev.assembly().stackNames()), false);
        Diagram detailed = Diagram.of(dev.model(), dev.assembly().traffic(), Inventory.read(dev.outdir(), dev.assembly().stackNames()), true);
        assertThat(plain.allNodes()).extracting(Diagram.Node::id).doesNotContain("iam", "cloudwatch-logs", "lambda");
        assertThat(detailed.allNodes()).extracting(Diagram.Node::id).contains("iam", "cloudwatch-logs", "lambda");
        assertThat(detailed.edges()).anySatisfy(edge -> assertThat(edge.label()).contains("TCP 443: Users to CloudFront over HTTPS"));
    }

    private static Diagram.Node node(Diagram diagram, String id) {
        return diagram.allNodes().stream().filter(node -> node.id().equals(id)).findFirst().orElseThrow();
    }

    private static String key(Flow flow) {
        return flow.from() + ">" + flow.to() + " " + flow.protocol() + " " + flow.port();
    }

    /** A node's lines in the SVG, joined by spaces: a leaf's in its group, a container's in its heading. */
    private static String nodeText(Document svg, String id) {
        assertThat(svg.getElementById(id)).as("node " + id).isNotNull();
        List<String> lines = new ArrayList<>();
        NodeList groups = svg.getElementsByTagNameNS(SVG_NS, "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element group = (Element) groups.item(i);
            if (group.getAttribute("id").equals(id) || group.getAttribute("data-node").equals(id)) {
                NodeList texts = group.getElementsByTagNameNS(SVG_NS, "text");
                for (int j = 0; j < texts.getLength(); j++) {
                    lines.add(texts.item(j).getTextContent());
                }
            }
        }
        return String.join(" ", lines);
    }

    private static String text(Document svg) {
        return svg.getElementsByTagNameNS(SVG_NS, "text").item(0).getTextContent();
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            markIds(document.getDocumentElement());
            return document;
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage(), e);
        }
    }

    /** Lets getElementById find the nodes' groups: without a schema, the parser knows no attribute to be an id. */
    private static void markIds(Element element) {
        if (element.hasAttribute("id") && element.getAttribute("class").equals("node")) {
            element.setIdAttribute("id", true);
        }
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child) {
                markIds(child);
            }
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
