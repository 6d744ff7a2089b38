// The final ranking across rounds (CONTEST_RULES.md, "A final (overall)
// ranking across rounds may award its own prizes"): one test per rule of
// core/results/final_ranking.hpp.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/results/final_ranking.hpp"

namespace final_ranking_test {

using namespace rq::core;
using nlohmann::json;

Entry entry(std::string attempt, std::string participant, int score, std::int64_t duration_ms, int number = 1) {
  Entry e;
  e.attempt_id = std::move(attempt);
  e.participant_id = std::move(participant);
  e.attempt_number = number;
  e.score = score;
  e.max_score = 10;
  e.total = 10;
  e.correct = score;
  e.all_answered = true;
  e.started_at = 1000 * number;
  e.submitted_at = e.started_at + duration_ms;
  e.duration_ms = duration_ms;
  return e;
}

RoundConfig round(std::string id) {
  RoundConfig r;
  r.id = std::move(id);
  r.title = "Kỳ " + r.id;
  r.attempts = 3;
  r.ranking = {RankKey::score, RankKey::duration, RankKey::submitted_at};
  return r;
}

// Three rounds k1..k3, a final over all of them, summed, Đồng Nai's chain.
ContestConfig contest(FinalCombine combine = FinalCombine::sum, int best = 0) {
  ContestConfig c;
  c.id = "c";
  c.categories = {{"cb", "Cán bộ"}, {"nd", "Nhân dân"}};
  c.units = {{"u1", "Sở Nội vụ", "", std::nullopt}};
  c.rounds = {round("k1"), round("k2"), round("k3")};
  FinalConfig f;
  f.title = "Chung cuộc";
  f.rounds = {"k1", "k2", "k3"};
  f.combine = combine;
  f.best = best;
  f.ranking = {{FinalKey::score, ""}, {FinalKey::duration, ""}, {FinalKey::attempts_used, ""}};
  c.final_ranking = f;
  return c;
}

Person person(std::string id, std::string category = "cb") {
  Person p;
  p.id = id;
  p.name = "Người " + id;
  p.unit = "u1";
  p.category = std::move(category);
  p.phone = "0901234567";
  return p;
}

std::map<std::string, Person> people_of(std::vector<Person> list) {
  std::map<std::string, Person> out;
  for (auto& p : list) out.emplace(p.id, std::move(p));
  return out;
}

std::vector<std::string> order_of(const std::vector<FinalStanding>& ranking) {
  std::vector<std::string> out;
  for (const auto& s : ranking) out.push_back(s.participant_id);
  return out;
}

using Rounds = std::map<std::string, std::vector<Entry>>;

TEST(FinalRanking, SumAddsTheScoresOfEveryRoundEntered) {
  auto c = contest();
  auto ranking = rank_final(c, *c.final_ranking,
                            Rounds{{"k1", {entry("a1", "p", 8, 100), entry("a2", "q", 10, 100)}},
                                   {"k2", {entry("a3", "p", 9, 100)}},
                                   {"k3", {entry("a4", "q", 6, 100)}}});
  ASSERT_EQ(order_of(ranking), (std::vector<std::string>{"p", "q"}));
  EXPECT_EQ(ranking[0].total_score, 17);
  EXPECT_EQ(ranking[0].rounds_entered, 2);
  EXPECT_EQ(ranking[1].total_score, 16);
  EXPECT_EQ(ranking[0].rank, 1);
  EXPECT_EQ(ranking[1].rank, 2);
}

TEST(FinalRanking, EachRoundCountsTheEntryTheRoundItselfCounts) {
  auto c = contest();
  c.rounds[0].counted_attempt = CountedAttempt::first;
  auto ranking = rank_final(c, *c.final_ranking,
                            Rounds{{"k1", {entry("a1", "p", 4, 100, 1), entry("a2", "p", 10, 100, 2)}}});
  ASSERT_EQ(ranking.size(), 1u);
  EXPECT_EQ(ranking[0].total_score, 4);  // the first attempt, as round k1 counts it
  EXPECT_EQ(ranking[0].attempts_used, 2);
}

TEST(FinalRanking, ADisqualifiedEntryNeverCountsInTheFinal) {
  auto c = contest();
  auto cheat = entry("a2", "p", 10, 100, 2);
  cheat.disqualified = "thi hộ";
  auto ranking = rank_final(c, *c.final_ranking, Rounds{{"k1", {entry("a1", "p", 5, 100, 1), cheat}}});
  ASSERT_EQ(ranking.size(), 1u);
  EXPECT_EQ(ranking[0].total_score, 5);
}

TEST(FinalRanking, BestCountsTheNHighestRoundsAndShowsTheOthers) {
  auto c = contest(FinalCombine::best, 2);
  auto ranking = rank_final(c, *c.final_ranking,
                            Rounds{{"k1", {entry("a1", "p", 9, 100)}},
                                   {"k2", {entry("a2", "p", 3, 100)}},
                                   {"k3", {entry("a3", "p", 8, 100)}}});
  ASSERT_EQ(ranking.size(), 1u);
  EXPECT_EQ(ranking[0].total_score, 17);
  ASSERT_EQ(ranking[0].rounds.size(), 3u);
  EXPECT_TRUE(ranking[0].rounds[0].counts);
  EXPECT_FALSE(ranking[0].rounds[1].counts);
  EXPECT_TRUE(ranking[0].rounds[2].counts);
  EXPECT_EQ(ranking[0].duration_ms, 200);  // only the entries that count
  EXPECT_EQ(ranking[0].attempts_used, 3);  // every round entered
}

TEST(FinalRanking, BestBreaksEqualScoresByTheShorterEntryThenTheEarlierRound) {
  auto c = contest(FinalCombine::best, 1);
  auto ranking = rank_final(c, *c.final_ranking,
                            Rounds{{"k1", {entry("a1", "p", 7, 300), entry("b1", "q", 7, 100)}},
                                   {"k2", {entry("a2", "p", 7, 200), entry("b2", "q", 7, 100)}}});
  ASSERT_EQ(ranking.size(), 2u);
  const auto& p = ranking[0].participant_id == "p" ? ranking[0] : ranking[1];
  const auto& q = ranking[0].participant_id == "q" ? ranking[0] : ranking[1];
  EXPECT_FALSE(p.rounds[0].counts);
  EXPECT_TRUE(p.rounds[1].counts);  // the shorter of two equal scores
  EXPECT_TRUE(q.rounds[0].counts);  // equal in score and time: the earlier round
  EXPECT_FALSE(q.rounds[1].counts);
}

TEST(FinalRanking, AverageIsOverTheRoundsEnteredComparedExactly) {
  auto c = contest(FinalCombine::average);
  // p: 10 in one round (10); q: 10 + 9 (9.5); r: 19 + 9 + 10 over three (9.33…)
  auto ranking = rank_final(c, *c.final_ranking,
                            Rounds{{"k1", {entry("a1", "p", 10, 100), entry("b1", "q", 10, 100), entry("c1", "r", 9, 50)}},
                                   {"k2", {entry("b2", "q", 9, 100), entry("c2", "r", 9, 50)}},
                                   {"k3", {entry("c3", "r", 10, 50)}}});
  EXPECT_EQ(order_of(ranking), (std::vector<std::string>{"p", "q", "r"}));
  auto doc = compute_final_results(c, Rounds{{"k1", {entry("b1", "q", 10, 100)}}, {"k2", {entry("b2", "q", 9, 100)}}},
                                   people_of({person("q")}), {});
  EXPECT_EQ(doc["ranking"][0]["score"], 9.5);
  EXPECT_EQ(doc["ranking"][0]["total_score"], 19);
}

TEST(FinalRanking, PeopleWhoEnteredFewerThanMinRoundsAreNotRanked) {
  auto c = contest();
  c.final_ranking->min_rounds = 2;
  auto ranking = rank_final(c, *c.final_ranking,
                            Rounds{{"k1", {entry("a1", "p", 10, 100), entry("b1", "q", 1, 100)}},
                                   {"k2", {entry("b2", "q", 1, 100)}}});
  EXPECT_EQ(order_of(ranking), (std::vector<std::string>{"q"}));
}

TEST(FinalRanking, EqualTotalsGoToTheShorterTotalTime) {
  auto c = contest();
  auto ranking = rank_final(c, *c.final_ranking,
                            Rounds{{"k1", {entry("a1", "p", 8, 300), entry("b1", "q", 9, 100)}},
                                   {"k2", {entry("a2", "p", 9, 100), entry("b2", "q", 8, 250)}}});
  EXPECT_EQ(order_of(ranking), (std::vector<std::string>{"q", "p"}));  // 350 ms against 400 ms
}

TEST(FinalRanking, EqualTotalsAndTimesGoToFewerAttempts) {
  auto c = contest();
  auto ranking = rank_final(c, *c.final_ranking,
                            Rounds{{"k1", {entry("a0", "a", 2, 100, 1), entry("a1", "a", 8, 100, 2),
                                           entry("b1", "b", 8, 100)}}});
  EXPECT_EQ(order_of(ranking), (std::vector<std::string>{"b", "a"}));
}

TEST(FinalRanking, RoundsEnteredRanksMoreRoundsFirst) {
  auto c = contest();
  c.final_ranking->ranking = {{FinalKey::score, ""}, {FinalKey::rounds_entered, ""}};
  auto ranking = rank_final(c, *c.final_ranking,
                            Rounds{{"k1", {entry("a1", "a", 10, 100), entry("b1", "b", 5, 100)}},
                                   {"k2", {entry("b2", "b", 5, 100)}}});
  EXPECT_EQ(order_of(ranking), (std::vector<std::string>{"b", "a"}));
}

TEST(FinalRanking, SubmittedAtRanksTheEarlierLastSubmissionFirst) {
  auto c = contest();
  c.final_ranking->ranking = {{FinalKey::score, ""}, {FinalKey::submitted_at, ""}};
  auto late = entry("a1", "a", 10, 100);
  late.submitted_at = 9000;
  auto early = entry("b1", "b", 10, 100);
  early.submitted_at = 5000;
  auto ranking = rank_final(c, *c.final_ranking, Rounds{{"k1", {late, early}}});
  EXPECT_EQ(order_of(ranking), (std::vector<std::string>{"b", "a"}));
}

TEST(FinalRanking, PredictionOfANamedRoundRanksTheCloserGuessFirstAndNoGuessLast) {
  auto c = contest();
  c.rounds[2].prediction = Prediction{"Bao nhiêu?", PredictionTarget::entries};  // k3 has 3 entries
  c.final_ranking->ranking = {{FinalKey::score, ""}, {FinalKey::prediction, "k3"}};
  auto far = entry("a3", "a", 5, 100);
  far.prediction = 10;
  auto close = entry("b3", "b", 5, 100);
  close.prediction = 4;
  auto none = entry("c3", "c", 5, 100);
  auto ranking = rank_final(c, *c.final_ranking, Rounds{{"k3", {none, far, close}}});
  EXPECT_EQ(order_of(ranking), (std::vector<std::string>{"b", "a", "c"}));
}

TEST(FinalRanking, PeopleEqualOnTheWholeChainAreOrderedByParticipantId) {
  auto c = contest();
  auto ranking = rank_final(c, *c.final_ranking, Rounds{{"k1", {entry("a1", "z", 5, 100), entry("b1", "m", 5, 100)}}});
  EXPECT_EQ(order_of(ranking), (std::vector<std::string>{"m", "z"}));
}

TEST(FinalRanking, RoundsOutsideTheFinalDoNotCount) {
  auto c = contest();
  c.final_ranking->rounds = {"k1", "k2"};
  auto ranking = rank_final(c, *c.final_ranking,
                            Rounds{{"k1", {entry("a1", "a", 5, 100)}}, {"k3", {entry("a3", "a", 10, 100)}}});
  ASSERT_EQ(ranking.size(), 1u);
  EXPECT_EQ(ranking[0].total_score, 5);
}

// ---- prizes ----------------------------------------------------------------

FinalConfig with_prizes(RoundWinners policy) {
  FinalConfig f = *contest().final_ranking;
  f.prizes = {{"cb", {{"Giải Nhất", 1}, {"Giải Nhì", 1}}}, {"nd", {{"Giải Nhất", 1}}}};
  f.round_winners = policy;
  return f;
}

std::vector<FinalStanding> standings(std::vector<std::string> order) {
  std::vector<FinalStanding> out;
  for (auto& id : order) {
    FinalStanding s;
    s.rank = static_cast<int>(out.size()) + 1;
    s.participant_id = id;
    out.push_back(std::move(s));
  }
  return out;
}

PrizeAward round_prize(std::string round, std::string participant, int tier) {
  return {std::move(round), "cb", tier == 0 ? "Giải Nhất" : "Giải Nhì", tier, 1, std::move(participant), "x"};
}

std::vector<std::string> winners_of(const std::vector<PrizeAward>& awards) {
  std::vector<std::string> out;
  for (const auto& a : awards) out.push_back(a.participant_id + ":" + a.prize);
  return out;
}

TEST(FinalPrizes, GoDownTheFinalRankingPerCategory) {
  auto awards = award_final_prizes(with_prizes(RoundWinners::allowed), standings({"n1", "c1", "c2", "c3"}),
                                   people_of({person("n1", "nd"), person("c1"), person("c2"), person("c3")}), {});
  EXPECT_EQ(winners_of(awards), (std::vector<std::string>{"c1:Giải Nhất", "c2:Giải Nhì", "n1:Giải Nhất"}));
  EXPECT_EQ(awards[0].round, "final");
  EXPECT_EQ(awards[0].attempt_id, "");
}

TEST(FinalPrizes, ExcludedAndDisqualifiedPeopleNeverWinAndTheNextMovesUp) {
  auto people = people_of({person("c1"), person("c2"), person("c3")});
  people["c1"].excluded = true;
  people["c2"].disqualified = "thi hộ";
  auto awards = award_final_prizes(with_prizes(RoundWinners::allowed), standings({"c1", "c2", "c3"}), people, {});
  EXPECT_EQ(winners_of(awards), (std::vector<std::string>{"c3:Giải Nhất"}));
}

TEST(FinalPrizes, AllowedLetsRoundWinnersWinTheFinalToo) {
  auto awards = award_final_prizes(with_prizes(RoundWinners::allowed), standings({"c1", "c2"}),
                                   people_of({person("c1"), person("c2")}), {round_prize("k1", "c1", 0)});
  EXPECT_EQ(winners_of(awards), (std::vector<std::string>{"c1:Giải Nhất", "c2:Giải Nhì"}));
}

TEST(FinalPrizes, ExcludedPassesOverAnyoneWhoWonARoundPrize) {
  auto awards = award_final_prizes(with_prizes(RoundWinners::excluded), standings({"c1", "c2", "c3"}),
                                   people_of({person("c1"), person("c2"), person("c3")}), {round_prize("k2", "c1", 1)});
  EXPECT_EQ(winners_of(awards), (std::vector<std::string>{"c2:Giải Nhất", "c3:Giải Nhì"}));
}

TEST(FinalPrizes, HigherOnlyGivesARoundWinnerOnlyAStrictlyHigherPrize) {
  // c1 won a second prize in a round: the final's first prize is higher;
  // c2 won a first prize: the final's second is not, so c3 gets it.
  auto awards = award_final_prizes(with_prizes(RoundWinners::higher_only), standings({"c1", "c2", "c3"}),
                                   people_of({person("c1"), person("c2"), person("c3")}),
                                   {round_prize("k1", "c1", 1), round_prize("k1", "c2", 0)});
  EXPECT_EQ(winners_of(awards), (std::vector<std::string>{"c1:Giải Nhất", "c3:Giải Nhì"}));
}

TEST(FinalPrizes, PrizesOfRoundsOutsideTheFinalDoNotMatter) {
  auto f = with_prizes(RoundWinners::excluded);
  f.rounds = {"k1", "k2"};
  auto awards = award_final_prizes(f, standings({"c1"}), people_of({person("c1")}), {round_prize("k3", "c1", 0)});
  EXPECT_EQ(winners_of(awards), (std::vector<std::string>{"c1:Giải Nhất"}));
}

TEST(FinalPrizes, BelowTheFinalsMinimumScoreNobodyWins) {
  // An average of 15 / 2 = 7.5 is below 8; 16 / 2 reaches it.
  auto f = with_prizes(RoundWinners::allowed);
  f.min_score_to_win = 8;
  auto ranking = standings({"c1", "c2"});
  ranking[0].total_score = 16;
  ranking[0].divisor = 2;
  ranking[1].total_score = 15;
  ranking[1].divisor = 2;
  auto awards = award_final_prizes(f, ranking, people_of({person("c1"), person("c2")}), {});
  EXPECT_EQ(winners_of(awards), (std::vector<std::string>{"c1:Giải Nhất"}));
}

// ---- the document ------------------------------------------------------------

TEST(FinalResults, TheDocumentHoldsEachPersonsRoundsAndThePublicWinnersHideThePhone) {
  auto c = contest();
  c.final_ranking->prizes = {{"cb", {{"Giải Nhất", 1}}}};
  auto doc = compute_final_results(c,
                                   Rounds{{"k1", {entry("a1", "p", 8, 100), entry("b1", "q", 3, 100)}},
                                          {"k2", {entry("a2", "p", 9, 200)}}},
                                   people_of({person("p"), person("q")}), {});
  EXPECT_EQ(doc["final"]["title"], "Chung cuộc");
  EXPECT_EQ(doc["final"]["combine"], "sum");
  EXPECT_EQ(doc["summary"]["entrants"], 2);
  EXPECT_EQ(doc["summary"]["ranked"], 2);
  EXPECT_EQ(doc["summary"]["max_score"], 20);  // k1 and k2 score 10 each; nobody entered k3
  EXPECT_EQ(doc["summary"]["rounds"][1], (json{{"round", "k2"}, {"title", "Kỳ k2"}, {"entrants", 1}}));
  const auto& first = doc["ranking"][0];
  EXPECT_EQ(first["participant"], "p");
  EXPECT_EQ(first["score"], 17);
  EXPECT_EQ(first["duration_ms"], 300);
  EXPECT_EQ(first["phone"], "0901234567");
  EXPECT_EQ(first["prize"], "Giải Nhất");
  EXPECT_EQ(first["rounds"], (json{{{"round", "k1"}, {"attempt", "a1"}, {"score", 8}, {"max_score", 10},
                                    {"duration_ms", 100}, {"counted", true}},
                                   {{"round", "k2"}, {"attempt", "a2"}, {"score", 9}, {"max_score", 10},
                                    {"duration_ms", 200}, {"counted", true}}}));
  ASSERT_EQ(doc["winners"].size(), 1u);
  EXPECT_EQ(doc["winners"][0]["phone"], "090****567");
  EXPECT_EQ(doc["winners"][0]["unit_name"], "Sở Nội vụ");
  EXPECT_EQ(doc["winners"][0]["rounds_entered"], 2);
  EXPECT_FALSE(doc["winners"][0].contains("id_number"));
  auto pub = public_final_results(doc);
  EXPECT_FALSE(pub.contains("ranking"));
  EXPECT_EQ(pub["winners"], doc["winners"]);
}

TEST(FinalResults, ContestWideCollectivePrizesComeWithTheFinalOverItsRoundsAndTheirPrizes) {
  auto c = contest();
  c.units = {{"u1", "Sở Nội vụ", "", 10}, {"u2", "Sở Tư pháp", "", 10}};
  CollectivePrize whole{"Giải tập thể toàn cuộc thi", 2, CollectiveMetric::prize_points, std::nullopt};
  whole.scope = CollectiveScope::contest;
  whole.points = {{"Giải Nhất", 10}};
  CollectivePrize each_round{"Giải tập thể từng kỳ", 1, CollectiveMetric::entrants, std::nullopt};
  c.collective_prizes = {each_round, whole};
  auto q = person("q");
  q.unit = "u2";
  // q of u2 won k2's first prize; the prize of k9, outside the final, does not count.
  auto doc = compute_final_results(c, Rounds{{"k1", {entry("a1", "p", 8, 100)}}, {"k2", {entry("b2", "q", 9, 100)}}},
                                   people_of({person("p"), q}),
                                   {{"k2", "cb", "Giải Nhất", 0, 1, "q", "b2"}, {"k9", "cb", "Giải Nhất", 0, 1, "p", "x"}});
  ASSERT_EQ(doc["collective"].size(), 2u) << doc["collective"].dump();
  EXPECT_EQ(doc["collective"][0]["name"], "Giải tập thể toàn cuộc thi");
  EXPECT_EQ(doc["collective"][0]["unit"], "u2");
  EXPECT_EQ(doc["collective"][0]["prize_points"], 10);
  EXPECT_EQ(doc["collective"][1]["unit"], "u1");
  EXPECT_EQ(doc["collective"][1]["prize_points"], 0);
  EXPECT_EQ(public_final_results(doc)["collective"], doc["collective"]);
}

TEST(FinalResults, FinalizingTheSameInputsTwiceGivesTheSameDocument) {
  auto c = contest();
  c.final_ranking->prizes = {{"cb", {{"Giải Nhất", 1}}}};
  Rounds rounds{{"k1", {entry("a1", "p", 8, 100), entry("b1", "q", 8, 100)}}, {"k2", {entry("b2", "q", 1, 1)}}};
  auto people = people_of({person("p"), person("q")});
  Rounds reversed = rounds;
  std::reverse(reversed["k1"].begin(), reversed["k1"].end());
  EXPECT_EQ(compute_final_results(c, rounds, people, {}), compute_final_results(c, reversed, people, {}));
}

}  // namespace final_ranking_test
