package com.newsfeed.demo;

import java.util.List;
import java.util.random.RandomGenerator;

/** Deterministic English-looking titles and article bodies (1 to 4 KB), from a seeded random generator. */
final class TextGenerator {

    private static final List<String> WORDS = List.of(
            "the", "city", "council", "market", "report", "season", "players", "growth", "research", "team",
            "announced", "new", "plans", "for", "after", "record", "quarter", "energy", "prices", "climate",
            "policy", "study", "shows", "that", "local", "schools", "tech", "company", "launch", "phone",
            "analysts", "expect", "rates", "to", "rise", "fall", "again", "this", "week", "during", "final",
            "match", "fans", "crowd", "stadium", "coach", "league", "title", "scientists", "discover", "signs",
            "water", "planet", "mission", "space", "agency", "travel", "routes", "airline", "holiday", "food",
            "festival", "chefs", "restaurant", "health", "doctors", "patients", "hospital", "vaccine", "trial",
            "results", "government", "minister", "budget", "tax", "reform", "voters", "election", "campaign",
            "results", "investors", "shares", "bank", "loans", "housing", "prices", "rent", "workers", "union",
            "strike", "talks", "deal", "trade", "exports", "imports", "factory", "cars", "electric", "battery",
            "software", "update", "users", "data", "privacy", "rules", "court", "ruling", "appeal", "judge",
            "police", "traffic", "bridge", "river", "storm", "rain", "snow", "heat", "wave", "forecast", "in",
            "on", "with", "from", "by", "as", "more", "than", "most", "people", "year", "years", "first", "last",
            "and", "but", "while", "because", "despite", "under", "over", "across", "region", "country", "world");

    private final RandomGenerator random;

    TextGenerator(RandomGenerator random) {
        this.random = random;
    }

    String title() {
        StringBuilder title = new StringBuilder();
        int words = 4 + random.nextInt(7);
        for (int i = 0; i < words; i++) {
            String word = word();
            title.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
            title.append(i + 1 < words ? " " : "");
        }
        return title.toString();
    }

    /** Paragraphs of sentences, between 1,024 and 4,096 characters. */
    String body() {
        int target = 1_030 + random.nextInt(3_060);
        StringBuilder body = new StringBuilder(target + 128);
        while (body.length() < target) {
            int sentences = 3 + random.nextInt(4);
            for (int s = 0; s < sentences && body.length() < target; s++) {
                body.append(sentence()).append(' ');
            }
            body.setLength(body.length() - 1);
            body.append("\n\n");
        }
        body.setLength(Math.min(body.length(), 4_096));
        return body.toString().strip();
    }

    String sentence() {
        int words = 6 + random.nextInt(14);
        StringBuilder sentence = new StringBuilder();
        for (int i = 0; i < words; i++) {
            String word = word();
            sentence.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
            sentence.append(i + 1 < words ? (random.nextInt(12) == 0 ? ", " : " ") : ".");
        }
        return sentence.toString();
    }

    private String word() {
        return WORDS.get(random.nextInt(WORDS.size()));
    }
}
