// Tests of the reputation clock (server/scoring clock.h): a manual clock moves only when set and
// never backwards; the system clock cannot be set.
#include "vouchd/scoring/clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

namespace vouchd::scoring {
namespace {

TEST(ClockTest, ManualClockMovesOnlyForward) {
  Clock c = Clock::manual(1000);
  EXPECT_TRUE(c.is_manual());
  EXPECT_EQ(c.now(), 1000);
  EXPECT_TRUE(c.set(1000)) << "setting the same time is no step back";
  EXPECT_TRUE(c.set(5000));
  EXPECT_EQ(c.now(), 5000);
  EXPECT_FALSE(c.set(4999));
  EXPECT_EQ(c.now(), 5000);
  const Clock copy = c;
  EXPECT_EQ(copy.now(), 5000);
  EXPECT_TRUE(copy.is_manual());
}

TEST(ClockTest, SystemClockReadsTheTimeAndCannotBeSet) {
  Clock c = Clock::system();
  EXPECT_FALSE(c.is_manual());
  const auto wall = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  EXPECT_LE(std::abs(c.now() - wall), 5);
  EXPECT_FALSE(c.set(wall + 3600));
  EXPECT_LT(c.now(), wall + 3600);
}

}  // namespace
}  // namespace vouchd::scoring
