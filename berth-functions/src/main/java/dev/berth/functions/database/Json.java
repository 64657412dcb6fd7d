package dev.berth.functions.database;

import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The JSON of secrets and of the SQL function's invocation: flat objects written compactly in a fixed field order
 * (a secret is compared with what is stored as text), read with the SDK's own parser. What cannot be read is refused
 * without quoting it: it may hold a password.
 */
final class Json {

    private Json() {}

    /** The object's JSON text, its fields in the map's order; each value a string, an integer or a boolean. */
    static String object(Map<String, ?> fields) {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            string(json, field.getKey());
            json.append(':');
            switch (field.getValue()) {
                case String text -> string(json, text);
                case Integer number -> json.append(number);
                case Boolean flag -> json.append(flag);
                default -> throw new IllegalArgumentException("field " + field.getKey() + ": a string, an integer or a boolean expected");
            }
        }
        return json.append('}').toString();
    }

    /** The fields of {@code what}, a JSON object. */
    static Map<String, JsonNode> parseObject(String text, String what) {
        JsonNode node;
        try {
            node = JsonNode.parser().parse(text);
        } catch (RuntimeException malformed) {
            throw new IllegalArgumentException(what + " is not JSON"); // the parser's message quotes the text
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        return node.asObject();
    }

    /** A field's value, a string or a number, as text. */
    static String text(Map<String, JsonNode> object, String field, String what) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(what + " has no " + field);
        }
        if (value.isString()) {
            return value.asString();
        }
        if (value.isNumber()) {
            return value.asNumber();
        }
        throw new IllegalArgumentException(what + ": " + field + " is neither a string nor a number");
    }

    private static void string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
