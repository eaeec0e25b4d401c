package com.newsfeed.frontend;

import java.util.List;

/** Headlines for the browser tests' articles, so that their screenshots read like a news feed. */
final class Headlines {

    private static final List<String> HEADLINES = List.of(
            "City opens its first driverless bus line",
            "Researchers map the deep-sea cables of the Pacific",
            "Local team wins the league after a late goal",
            "Chip makers report record quarter on AI demand",
            "Rail link halves the trip between two capitals",
            "Museum returns 300 artefacts to their villages",
            "New battery keeps its charge through a winter",
            "Farmers turn to drones to count their herds",
            "Central bank holds rates as prices cool",
            "Volunteers plant a million trees along the river");

    private Headlines() {
    }

    static String of(int i) {
        return HEADLINES.get(i % HEADLINES.size());
    }
}
