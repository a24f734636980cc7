package com.penguinmails.alerthub.check;

import java.util.LinkedHashMap;
import java.util.Map;

/** Result rows as people read them: numbers stay numbers, timestamps and the like as the database printed them. */
public final class Rows {

    private Rows() {
    }

    public static Map<String, Object> printable(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((k, v) -> out.put(k, v == null || v instanceof Number || v instanceof Boolean ? v : v.toString()));
        return out;
    }
}
