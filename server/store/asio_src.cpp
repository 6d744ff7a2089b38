// The one translation unit that compiles Asio (BOOST_ASIO_SEPARATE_COMPILATION
// is set for every target that includes it), so the rest of the store and net
// layers compile against declarations only.
#include <boost/asio/impl/src.hpp>
