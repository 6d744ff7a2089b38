// The one translation unit that compiles Beast (BOOST_BEAST_SEPARATE_COMPILATION
// is set for every target that includes it), and Asio's SSL layer on
// OpenSSL, which only the net layer and the test clients use. Asio's own is
// in server/store.
#include <boost/beast/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
