package com.penguinmails.alerthub.check;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/** The split's aggregation: gathers the rows its filter let through into the run, to be reconciled as a whole. */
public final class OffendingRows implements AggregationStrategy {

    /** The filter's statusPropertyName in the run-check route. */
    static final String OFFENDS = "hubOffends";

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        if (Boolean.TRUE.equals(newExchange.getProperty(OFFENDS, Boolean.class))) {
            CheckRuns.run(newExchange).collect(newExchange.getProperty(CheckRuns.ROW, EvaluatedRow.class));
        }
        return oldExchange == null ? newExchange : oldExchange;
    }
}
