package dev.bri.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Request bodies are read as typed: a value of the wrong JSON type is a 400 naming its field, never converted.
 * Jackson by default turns {@code "3.5"} into a number, {@code 2} into {@code true}, {@code 3.9} into the int 3 and
 * {@code 5} into the text "5"; for an API that stores what clients send, each of those hides a client bug (a
 * maintenance switch sent as {@code 2} turns maintenance on). Applies to the one ObjectMapper Quarkus REST uses.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        configure(mapper);
    }

    /** The same settings on any mapper (tests read bodies exactly as the service does). */
    @SuppressWarnings("deprecation") // MapperFeature on a built mapper: the only switch for scalar coercion
    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        for (LogicalType scalar : new LogicalType[]{LogicalType.Boolean, LogicalType.Integer, LogicalType.Float,
                LogicalType.Textual, LogicalType.Enum}) {
            for (CoercionInputShape shape : new CoercionInputShape[]{CoercionInputShape.Integer,
                    CoercionInputShape.Float, CoercionInputShape.Boolean, CoercionInputShape.String}) {
                if (!natural(scalar, shape)) {
                    mapper.coercionConfigFor(scalar).setCoercion(shape, CoercionAction.Fail);
                }
            }
        }
        return mapper;
    }

    /** The shapes each type is written in; every other shape would be a coercion. */
    private static boolean natural(LogicalType type, CoercionInputShape shape) {
        return switch (type) {
            case Boolean -> shape == CoercionInputShape.Boolean;
            case Integer -> shape == CoercionInputShape.Integer;
            // an integer literal is a valid JSON number for a floating-point field (BRI sends "start": 2)
            case Float -> shape == CoercionInputShape.Float || shape == CoercionInputShape.Integer;
            case Textual, Enum -> shape == CoercionInputShape.String;
            default -> true;
        };
    }
}
