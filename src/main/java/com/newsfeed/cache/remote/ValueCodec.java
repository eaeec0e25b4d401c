package com.newsfeed.cache.remote;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a cached value into JSON bytes (what L1 keeps and HTTP sends), into a versioned Redis string, or into
 * Redis hash fields, and back. It uses the application's own {@link JsonMapper}, so the bytes it produces are
 * byte for byte what Spring MVC would have written for the same value.
 *
 * <p>Every stored form carries {@code formatVersion}: a value written by a release with another version is
 * reported as undecodable (a miss that gets overwritten), never as an error.
 */
public final class ValueCodec<V> {

    static final byte[] ABSENT_STRING = "-1".getBytes(StandardCharsets.US_ASCII);
    static final String ABSENT_FIELD = "-1";
    static final String VERSION_FIELD = "_v";
    /** The row version a hash was filled or updated from, when the cache knows one (see updateInPlace). */
    static final String ROW_VERSION_FIELD = "_rv";

    private final JsonMapper mapper;
    private final JavaType type;
    private final int formatVersion;
    private final byte[] stringPrefix;
    /** For the hash layout: the record components whose JSON form is a string, stored raw in their field. */
    private final Set<String> textualFields;

    private final ToLongFunction<V> rowVersion;

    public ValueCodec(JsonMapper mapper, JavaType type, int formatVersion, ToLongFunction<V> rowVersion) {
        this.mapper = mapper;
        this.rowVersion = rowVersion;
        this.type = type;
        this.formatVersion = formatVersion;
        this.stringPrefix = (formatVersion + ":").getBytes(StandardCharsets.US_ASCII);
        this.textualFields = type.getRawClass().isRecord()
                ? Arrays.stream(type.getRawClass().getRecordComponents()).filter(ValueCodec::isTextual)
                        .map(RecordComponent::getName).collect(Collectors.toUnmodifiableSet())
                : Set.of();
    }

    /** Whether values of this type can be kept as a hash (one field per record component). */
    public boolean supportsHash() {
        return type.getRawClass().isRecord();
    }

    public byte[] toJson(V value) {
        return mapper.writeValueAsBytes(value);
    }

    public V fromJson(byte[] json) {
        return mapper.readValue(json, type);
    }

    /** The Redis string form: {@code <formatVersion>:<json>}. */
    byte[] toStoredString(byte[] json) {
        byte[] stored = Arrays.copyOf(stringPrefix, stringPrefix.length + json.length);
        System.arraycopy(json, 0, stored, stringPrefix.length, json.length);
        return stored;
    }

    /** The JSON inside a stored string, or null when it was written in another format version. */
    byte[] jsonOfStoredString(byte[] stored) {
        if (stored.length < stringPrefix.length
                || !Arrays.equals(stored, 0, stringPrefix.length, stringPrefix, 0, stringPrefix.length)) {
            return null;
        }
        return Arrays.copyOfRange(stored, stringPrefix.length, stored.length);
    }

    /** Hash fields: strings, enums and dates raw, everything else as JSON; nulls left out; plus the version. */
    public Map<String, String> toHash(V value) {
        ObjectNode tree = (ObjectNode) mapper.valueToTree(value);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(VERSION_FIELD, Integer.toString(formatVersion));
        if (rowVersion != null) {
            fields.put(ROW_VERSION_FIELD, Long.toString(rowVersion.applyAsLong(value)));
        }
        for (Map.Entry<String, JsonNode> property : tree.properties()) {
            JsonNode node = property.getValue();
            if (!node.isNull()) {
                fields.put(property.getKey(), node.isString() ? node.asString() : node.toString());
            }
        }
        return fields;
    }

    /** The value of stored hash fields, or null when they were written in another format version. */
    V fromHash(Map<String, String> fields) {
        if (!Integer.toString(formatVersion).equals(fields.get(VERSION_FIELD))) {
            return null;
        }
        ObjectNode tree = mapper.createObjectNode();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String name = field.getKey();
            if (name.equals(VERSION_FIELD) || name.equals(ROW_VERSION_FIELD)) {
                continue;
            }
            tree.set(name, textualFields.contains(name) ? tree.stringNode(field.getValue())
                    : mapper.readTree(field.getValue()));
        }
        return mapper.treeToValue(tree, type);
    }

    public boolean hasRowVersion() {
        return rowVersion != null;
    }

    public long rowVersion(V value) {
        return rowVersion.applyAsLong(value);
    }

    /** Decoding failures of data written by another release are misses, not errors. */
    static boolean isDecodingFailure(RuntimeException e) {
        return e instanceof JacksonException || e instanceof IllegalArgumentException;
    }

    private static boolean isTextual(RecordComponent component) {
        Class<?> type = component.getType();
        return CharSequence.class.isAssignableFrom(type) || type.isEnum()
                || TemporalAccessor.class.isAssignableFrom(type) || type == UUID.class;
    }
}
