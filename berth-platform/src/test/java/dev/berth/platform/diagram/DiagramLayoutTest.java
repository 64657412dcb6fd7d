package dev.berth.platform.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.platform.Environments;
import dev.berth.platform.Synthesized;
import dev.berth.platform.diagram.Diagram.Node;
import dev.berth.platform.diagram.Layout.Box;
import dev.berth.platform.diagram.Layout.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What makes the layout readable, measured on every shipped environment: boxes inside their containers and apart, no
 * edge through a box it does not join, labels clear of boxes and of each other.
 */
class DiagramLayoutTest {

    @TestFactory
    List<DynamicTest> boxesEdgesAndLabelsStayClearOfEachOther() {
        return Environments.shipped().stream().flatMap(labelled -> Stream.of(false, true).map(detail -> DynamicTest.dynamicTest(
                labelled.label() + (detail ? " in detail" : ""), () -> readable(diagram(labelled.environment(), detail))))).toList();
    }

    private static void readable(Diagram diagram) {
        Layout layout = Layout.of(diagram);
        diagram.nodes().forEach(node -> apart(layout, node.id(), diagram.nodes()));
        for (Node container : diagram.allNodes().stream().filter(Node::isContainer).toList()) {
            Box outer = layout.box(container.id());
            double heading = Math.max(TextMetrics.width(container.title(), Layout.TITLE_FONT, true),
                    container.details().stream().mapToDouble(line -> TextMetrics.width(line, Layout.DETAIL_FONT, false)).max().orElse(0));
            assertThat(outer.width()).as(container.id() + " is as wide as its heading").isGreaterThanOrEqualTo(heading);
            for (Node child : container.children()) {
                assertThat(inside(layout.box(child.id()), outer)).as(child.id() + " inside " + container.id()).isTrue();
                apart(layout, child.id(), container.children());
            }
        }
        List<Node> leaves = diagram.allNodes().stream().filter(node -> !node.isContainer()).toList();
        List<Box> labels = new ArrayList<>();
        for (int i = 0; i < diagram.edges().size(); i++) {
            Diagram.Edge edge = diagram.edges().get(i);
            List<Point> points = layout.route(i).points();
            for (int p = 1; p < points.size(); p++) {
                Point from = points.get(p - 1);
                Point to = points.get(p);
                Box segment = new Box(Math.min(from.x(), to.x()), Math.min(from.y(), to.y()), Math.abs(to.x() - from.x()),
                        Math.abs(to.y() - from.y()));
                leaves.stream().filter(leaf -> !leaf.id().equals(edge.from()) && !leaf.id().equals(edge.to())).forEach(leaf ->
                        assertThat(overlap(segment, layout.box(leaf.id()))).as(edge.from() + " > " + edge.to() + " through " + leaf.id())
                                .isFalse());
            }
            Box label = layout.route(i).label();
            if (label != null) {
                String name = "label " + diagram.edges().get(i).label();
                labels.forEach(other -> assertThat(overlap(label, other)).as(name + " over another").isFalse());
                leaves.forEach(leaf -> assertThat(overlap(label, layout.box(leaf.id()))).as(name + " over " + leaf.id()).isFalse());
                labels.add(label);
            }
        }
    }

    private static Diagram diagram(Synthesized environment, boolean detail) {
        return Diagram.of(environment.model(), environment.assembly().traffic(),
                Inventory.read(environment.outdir(), environment.assembly().stackNames()), detail);
    }

    private static void apart(Layout layout, String id, List<Node> siblings) {
        for (Node sibling : siblings) {
            if (!sibling.id().equals(id)) {
                assertThat(overlap(layout.box(id), layout.box(sibling.id()))).as(id + " over " + sibling.id()).isFalse();
            }
        }
    }

    private static boolean inside(Box inner, Box outer) {
        return inner.x() >= outer.x() && inner.y() >= outer.y() && inner.x() + inner.width() <= outer.x() + outer.width()
                && inner.y() + inner.height() <= outer.y() + outer.height();
    }

    /** Whether two boxes share inside points; a segment is a box of no width or height, touching a box's edge is not inside. */
    private static boolean overlap(Box a, Box b) {
        return a.x() < b.x() + b.width() && b.x() < a.x() + a.width() && a.y() < b.y() + b.height() && b.y() < a.y() + a.height();
    }
}
