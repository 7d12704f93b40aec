pub mod requests_not_equal_limits;
