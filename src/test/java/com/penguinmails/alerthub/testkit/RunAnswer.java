package com.penguinmails.alerthub.testkit;

import java.util.List;
import java.util.Map;

/** Parts of one run in the run API's answer (an element of {@code runs}, as {@link HubHarness#run} returns it). */
public final class RunAnswer {

    private RunAnswer() {
    }

    /** The rows the check returned, each with its verdict. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> rows(Map<String, Object> run) {
        return (List<Map<String, Object>>) run.get("rows");
    }

    /** The alerts the run changed, of one kind: opened, updated or resolved. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> alerts(Map<String, Object> run, String kind) {
        return (List<Map<String, Object>>) ((Map<String, Object>) run.get("alerts")).get(kind);
    }
}
