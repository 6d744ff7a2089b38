// The one translation unit that compiles Beast (BOOST_BEAST_SEPARATE_COMPILATION
// is set for every target that includes it). Asio's is in server/store.
#include <boost/beast/src.hpp>
