package dev.berth.platform.diagram;

import dev.berth.platform.diagram.Diagram.Edge;
import dev.berth.platform.diagram.Diagram.Kind;
import dev.berth.platform.diagram.Diagram.Node;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.elk.alg.layered.options.CenterEdgeLabelPlacementStrategy;
import org.eclipse.elk.alg.layered.options.LayerConstraint;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.math.KVector;
import org.eclipse.elk.core.options.BoxLayouterOptions;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.options.SizeConstraint;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * A diagram laid out by Eclipse ELK's layered algorithm: left to right, boxes within boxes in one pass (so an edge
 * from a service to the database is routed across the tier boxes, not through them), edges routed orthogonally and
 * their labels placed by ELK. Every position is absolute, from the top left of the drawing.
 */
final class Layout {

    /** Font sizes and line heights, shared with the writers that draw the boxes the layout sized. */
    static final double TITLE_FONT = 13;
    static final double DETAIL_FONT = 11;
    static final double LABEL_FONT = 10;
    static final double TITLE_LINE = 17;
    static final double DETAIL_LINE = 14;
    static final double LABEL_LINE = 13;
    /** Space between a box's edge and its text. */
    static final double PADDING_X = 12;
    static final double PADDING_Y = 8;
    private static final double LABEL_PADDING = 3;
    private static final double CONTAINER_PADDING = 16;
    private static final double MIN_WIDTH = 96;

    /** A rectangle of the drawing. */
    record Box(double x, double y, double width, double height) {
    }

    /** A point of the drawing. */
    record Point(double x, double y) {
    }

    /**
     * How an edge is drawn.
     *
     * @param points where it starts, bends and ends
     * @param label where its label goes, or null when it has none
     */
    record Route(List<Point> points, Box label) {
    }

    private final Map<String, Box> boxes;
    private final List<Route> routes;
    private final double width;
    private final double height;

    private Layout(Map<String, Box> boxes, List<Route> routes, double width, double height) {
        this.boxes = boxes;
        this.routes = routes;
        this.width = width;
        this.height = height;
    }

    static Layout of(Diagram diagram) {
        ElkNode root = ElkGraphUtil.createGraph();
        configure(root, Kind.VPC);
        root.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(0));
        Map<String, ElkNode> shapes = new LinkedHashMap<>();
        diagram.nodes().forEach(node -> add(root, node, shapes));
        List<ElkEdge> connections = new ArrayList<>();
        for (Edge edge : diagram.edges()) {
            ElkEdge connection = ElkGraphUtil.createSimpleEdge(shapes.get(edge.from()), shapes.get(edge.to()));
            if (!edge.label().isEmpty()) {
                ElkLabel label = ElkGraphUtil.createLabel(String.join("\n", edge.label()), connection);
                label.setDimensions(widest(edge.label(), LABEL_FONT, false) + 2 * LABEL_PADDING,
                        edge.label().size() * LABEL_LINE + LABEL_PADDING);
                // On the line it names, rather than beside it where a neighbour's line may pass.
                label.setProperty(CoreOptions.EDGE_LABELS_INLINE, true);
            }
            connections.add(connection);
        }
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());

        Map<String, Box> boxes = new LinkedHashMap<>();
        shapes.forEach((id, shape) -> {
            KVector at = absolute(shape);
            boxes.put(id, new Box(at.x, at.y, shape.getWidth(), shape.getHeight()));
        });
        List<Route> routes = connections.stream().map(Layout::route).toList();
        return new Layout(boxes, routes, root.getWidth(), root.getHeight());
    }

    private static void add(ElkNode parent, Node node, Map<String, ElkNode> shapes) {
        ElkNode shape = ElkGraphUtil.createNode(parent);
        shapes.put(node.id(), shape);
        if (node.isContainer()) {
            configure(shape, node.kind());
            double top = PADDING_Y + TITLE_LINE + node.details().size() * DETAIL_LINE + PADDING_Y;
            shape.setProperty(CoreOptions.PADDING, new ElkPadding(top, CONTAINER_PADDING, CONTAINER_PADDING, CONTAINER_PADDING));
            // A container is as large as what it holds, and never narrower than its own heading. Laying out downwards,
            // ELK 0.10 takes a container's minimum size with width and height swapped (eclipse-elk/elk#1033).
            shape.setProperty(CoreOptions.NODE_SIZE_CONSTRAINTS, EnumSet.of(SizeConstraint.MINIMUM_SIZE));
            shape.setProperty(CoreOptions.NODE_SIZE_MINIMUM, new KVector(top + CONTAINER_PADDING, textWidth(node) + 2 * PADDING_X));
            node.children().forEach(child -> add(shape, child, shapes));
            if (node.kind() == Kind.REGIONAL) {
                // The box algorithm puts higher priorities first, else the largest: keep the diagram's order instead.
                List<ElkNode> packed = shape.getChildren();
                for (int i = 0; i < packed.size(); i++) {
                    packed.get(i).setProperty(CoreOptions.PRIORITY, packed.size() - i);
                }
            }
        } else {
            shape.setDimensions(Math.max(MIN_WIDTH, textWidth(node) + 2 * PADDING_X),
                    2 * PADDING_Y + TITLE_LINE + node.details().size() * DETAIL_LINE);
        }
    }

    /** The options of one level of boxes: ELK reads them from each container it lays out. */
    private static void configure(ElkNode graph, Kind kind) {
        if (kind == Kind.REGIONAL) {
            // Services without edges, packed in rows by the box algorithm rather than stacked in one layer.
            graph.setProperty(CoreOptions.ALGORITHM, BoxLayouterOptions.ALGORITHM_ID);
            graph.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.SEPARATE_CHILDREN);
            graph.setProperty(CoreOptions.ASPECT_RATIO, 6.0);
            graph.setProperty(CoreOptions.SPACING_NODE_NODE, 12.0);
            // Nothing flows to them: in a row of their own below everything else, not beside the internet at the top.
            graph.setProperty(LayeredOptions.LAYERING_LAYER_CONSTRAINT, LayerConstraint.LAST_SEPARATE);
            return;
        }
        graph.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        graph.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
        graph.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        graph.setProperty(CoreOptions.SPACING_NODE_NODE, 20.0);
        graph.setProperty(CoreOptions.SPACING_EDGE_NODE, 14.0);
        graph.setProperty(CoreOptions.SPACING_EDGE_EDGE, 10.0);
        graph.setProperty(CoreOptions.SPACING_EDGE_LABEL, 4.0);
        graph.setProperty(LayeredOptions.EDGE_LABELS_CENTER_LABEL_PLACEMENT_STRATEGY, CenterEdgeLabelPlacementStrategy.HEAD_LAYER);
        graph.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 40.0);
        graph.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 14.0);
        graph.setProperty(LayeredOptions.SPACING_EDGE_EDGE_BETWEEN_LAYERS, 10.0);
    }

    private static Route route(ElkEdge connection) {
        KVector origin = absolute(connection.getContainingNode());
        List<Point> points = new ArrayList<>();
        ElkEdgeSection section = connection.getSections().getFirst();
        points.add(new Point(origin.x + section.getStartX(), origin.y + section.getStartY()));
        for (ElkBendPoint bend : section.getBendPoints()) {
            points.add(new Point(origin.x + bend.getX(), origin.y + bend.getY()));
        }
        points.add(new Point(origin.x + section.getEndX(), origin.y + section.getEndY()));
        Box label = connection.getLabels().stream().findFirst().map(placed -> new Box(origin.x + placed.getX(),
                origin.y + placed.getY(), placed.getWidth(), placed.getHeight())).orElse(null);
        return new Route(points, label);
    }

    /** Where a shape's top left is in the drawing: ELK keeps each relative to its parent. */
    private static KVector absolute(ElkNode shape) {
        KVector at = new KVector();
        for (ElkNode node = shape; node != null; node = node.getParent()) {
            at.add(node.getX(), node.getY());
        }
        return at;
    }

    private static double textWidth(Node node) {
        return Math.max(TextMetrics.width(node.title(), TITLE_FONT, true), widest(node.details(), DETAIL_FONT, false));
    }

    private static double widest(List<String> lines, double fontSize, boolean bold) {
        return lines.stream().mapToDouble(line -> TextMetrics.width(line, fontSize, bold)).max().orElse(0);
    }

    /** A node's box. */
    Box box(String id) {
        return boxes.get(id);
    }

    /** The route of the diagram's edge at this index of {@link Diagram#edges()}. */
    Route route(int edge) {
        return routes.get(edge);
    }

    double width() {
        return width;
    }

    double height() {
        return height;
    }
}
