package io.fleetcompat.schema;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Turns the JSON-pointer location of an Avro incompatibility (e.g. {@code /fields/0/type/fields/6/type})
 * into the field path a developer recognises (e.g. {@code header.host_fifo_built_in}).
 */
final class SchemaFieldPaths {

    private SchemaFieldPaths() {}

    static String fieldPath(Schema root, String location) {
        List<String> names = new ArrayList<>();
        Schema node = root;
        String[] segments = location.split("/");
        for (int i = 1; i < segments.length && node != null; i++) {
            String segment = segments[i];
            if (segment.equals("fields") && i + 1 < segments.length && node.getType() == Schema.Type.RECORD) {
                Schema.Field field = node.getFields().get(Integer.parseInt(segments[++i]));
                names.add(field.name());
                node = field.schema();
            } else if (segment.equals("items") && node.getType() == Schema.Type.ARRAY) {
                node = node.getElementType();
            } else if (segment.equals("values") && node.getType() == Schema.Type.MAP) {
                node = node.getValueType();
            } else if (node.getType() == Schema.Type.UNION && segment.matches("\\d+")) {
                int branch = Integer.parseInt(segment);
                node = branch < node.getTypes().size() ? node.getTypes().get(branch) : null;
            } else if (!segment.equals("type")) {
                break;
            }
        }
        return names.isEmpty() ? "(record itself)" : String.join(".", names);
    }
}
